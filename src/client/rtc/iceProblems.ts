// What went wrong with ICE, in words a user can act on. Pure functions over what the browser
// reported: candidate types gathered and icecandidateerror codes (RFC 8445 / W3C webrtc-pc:
// 401 = the TURN server refused the credential, 701 = the server could not be reached).
import type { IceServer } from '../../shared/protocol';
import { msg, type Message } from '../i18n/message';
import type { CandidateErrorInfo } from './PeerSession';

/** A short phrase for one icecandidateerror, with its code. */
export function describeIceError(
  error: Pick<CandidateErrorInfo, 'errorCode' | 'errorText'>,
): Message {
  switch (error.errorCode) {
    case 401:
      return msg('ice.error401');
    case 701:
      return msg('ice.error701');
    default:
      return error.errorText
        ? msg('ice.errorCodeText', { code: error.errorCode, text: error.errorText })
        : msg('ice.errorCode', { code: error.errorCode });
  }
}

/** The candidate type of an SDP candidate line ("… typ relay raddr …"), or null. */
export function candidateTypeOf(line: string): string | null {
  return / typ (host|srflx|prflx|relay)(?: |$)/.exec(line)?.[1] ?? null;
}

export function isTurnUrl(url: string): boolean {
  return /^turns?:/i.test(url);
}

export function hasTurn(iceServers: IceServer[]): boolean {
  return iceServers.some((server) => [server.urls].flat().some(isTurnUrl));
}

export interface GatheringOutcome {
  relayOnly: boolean;
  /** A TURN server was configured. */
  turnConfigured: boolean;
  /** Local candidate types found (host, srflx, relay). */
  types: ReadonlySet<string>;
  errors: readonly CandidateErrorInfo[];
}

/**
 * A gathering that ended with nothing the call can use, as a notice saying what failed and what
 * to try; null when a usable candidate was found.
 */
export function gatheringProblem(outcome: GatheringOutcome): Message | null {
  const usable = outcome.relayOnly ? outcome.types.has('relay') : outcome.types.size > 0;
  if (usable) return null;
  if (!outcome.relayOnly) {
    return msg('ice.noCandidates');
  }
  if (!outcome.turnConfigured) {
    return msg('ice.noTurn');
  }
  const turnErrors = outcome.errors.filter((e) => isTurnUrl(e.url));
  if (turnErrors.some((e) => e.errorCode === 401)) {
    return msg('ice.refused');
  }
  if (turnErrors.some((e) => e.errorCode === 701)) {
    const url = turnErrors.find((e) => e.errorCode === 701)?.url;
    return url ? msg('ice.unreachableAt', { url }) : msg('ice.unreachable');
  }
  const other = turnErrors[0];
  return other ? msg('ice.noRelayWhy', { reason: describeIceError(other) }) : msg('ice.noRelay');
}

/**
 * A call that found no path with no TURN relay to fall back on gets this long (from Call) before
 * it is told why: hole punching between two NATs that allow it takes a second or two, while a
 * browser takes about 30 s to declare ICE failed.
 */
export const RELAY_NEEDED_AFTER_MS = 8000;

/**
 * Why a call without a TURN relay cannot connect, and how to get one; null when a relay is
 * configured (then a relay failure is another notice) or the call is relay-only (gatheringProblem
 * says it at once).
 */
export function relayNeededProblem({
  turnConfigured,
  relayOnly,
}: Pick<GatheringOutcome, 'turnConfigured' | 'relayOnly'>): Message | null {
  if (turnConfigured || relayOnly) return null;
  return msg('ice.relayNeeded');
}
