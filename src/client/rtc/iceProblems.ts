// What went wrong with ICE, in words a user can act on. Pure functions over what the browser
// reported: candidate types gathered and icecandidateerror codes (RFC 8445 / W3C webrtc-pc:
// 401 = the TURN server refused the credential, 701 = the server could not be reached).
import type { IceServer } from '../../shared/protocol';
import type { CandidateErrorInfo } from './PeerSession';

/** A short phrase for one icecandidateerror, with its code. */
export function describeIceError(
  error: Pick<CandidateErrorInfo, 'errorCode' | 'errorText'>,
): string {
  switch (error.errorCode) {
    case 401:
      return 'the relay refused the credential (401)';
    case 701:
      return 'the server could not be reached (701)';
    default:
      return `error ${error.errorCode}${error.errorText ? ` (${error.errorText})` : ''}`;
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
export function gatheringProblem(outcome: GatheringOutcome): string | null {
  const usable = outcome.relayOnly ? outcome.types.has('relay') : outcome.types.size > 0;
  if (usable) return null;
  if (!outcome.relayOnly) {
    return 'Your browser found no network path for the call (no ICE candidates). Check your network connection, then hang up and call again.';
  }
  if (!outcome.turnConfigured) {
    return 'Relay-only is on, but this server offers no TURN relay, so the call cannot connect. Turn relay-only off, or ask the operator to set TURN_URLS and TURN_SECRET.';
  }
  const turnErrors = outcome.errors.filter((e) => isTurnUrl(e.url));
  if (turnErrors.some((e) => e.errorCode === 401)) {
    return "The TURN relay refused duet's credential (error 401), so the call cannot go through it. The server's TURN_SECRET probably does not match coturn's static-auth-secret, or a clock is off: tell the operator. Turning relay-only off may allow a direct call.";
  }
  if (turnErrors.some((e) => e.errorCode === 701)) {
    const url = turnErrors.find((e) => e.errorCode === 701)?.url;
    return `The TURN relay could not be reached (error 701${url ? `, ${url}` : ''}): a firewall may block it, or it is down. Try another network, run the network test, or turn relay-only off.`;
  }
  const other = turnErrors[0];
  return `The TURN relay gave no relay address${other ? ` (${describeIceError(other)})` : ''}, so the call cannot connect relay-only. Run the network test, or turn relay-only off.`;
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
}: Pick<GatheringOutcome, 'turnConfigured' | 'relayOnly'>): string | null {
  if (turnConfigured || relayOnly) return null;
  return 'No direct connection to the other person is possible: a NAT or firewall between you blocks it (a symmetric NAT, or UDP blocked). This call needs a TURN relay, and this duet server offers none. Ask whoever runs it to add one: a coturn server, set with TURN_URLS and TURN_SECRET (`npm run turn` starts one to try). The network test shows what your network allows.';
}
