// The network test: for each configured STUN/TURN URL, gather candidates with a throwaway
// RTCPeerConnection (policy 'all', one per URL) and report what was found, how fast the first
// relay candidate came, and what failed with which code. Framework-free; the pure parts
// (verdict, summaries) are unit-tested, the gathering runs in a real browser in e2e.
import type { IceServer } from '../../shared/protocol';
import { msg, type Message } from '../i18n/message';
import { candidateTypeOf, describeIceError, hasTurn, isTurnUrl } from './iceProblems';
import { classifyNat, describeNat, observeNat, type NatFinding } from './natProbe';

export const PROBE_TIMEOUT_MS = 10_000;

export interface ProbeTarget {
  url: string;
  server: IceServer;
}

export interface ProbeError {
  code: number;
  text: string;
}

export interface ProbeResult {
  url: string;
  /** Candidate types found, in order host, srflx, prflx, relay. */
  types: string[];
  /** From the start of gathering to the first relay candidate. */
  firstRelayMs: number | null;
  errors: ProbeError[];
  /** Gathering had not completed when the probe gave up. */
  timedOut: boolean;
}

export interface Verdict {
  ok: boolean;
  /** "relay works …" or "relay fails: …" */
  text: Message;
}

/** One target per URL, each with its server's credential: a failing URL does not hide another. */
export function probeTargets(iceServers: IceServer[]): ProbeTarget[] {
  return iceServers.flatMap((server) =>
    [server.urls].flat().map((url) => ({ url, server: { ...server, urls: url } })),
  );
}

const TYPE_ORDER = ['host', 'srflx', 'prflx', 'relay'];

export function sortTypes(types: Iterable<string>): string[] {
  return [...new Set(types)].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
}

/** Why one TURN URL gave no relay candidate, or null when it did. */
export function relayFailure(result: ProbeResult, timeoutMs = PROBE_TIMEOUT_MS): Message | null {
  if (result.types.includes('relay')) return null;
  const error =
    result.errors.find((e) => e.code === 401) ??
    result.errors.find((e) => e.code === 701) ??
    result.errors[0];
  if (error) return describeIceError({ errorCode: error.code, errorText: error.text });
  if (result.timedOut)
    return msg('network.verdict.timeout', { seconds: Math.round(timeoutMs / 1000) });
  return msg('network.verdict.noRelay');
}

/** What went wrong for one URL, one phrase per problem (empty when nothing did). */
export function problemsOf(result: ProbeResult): Message[] {
  const problems = result.errors.map((e) =>
    describeIceError({ errorCode: e.code, errorText: e.text }),
  );
  if (result.timedOut) problems.push(msg('network.verdict.gatheringTimeout'));
  return problems;
}

/** The one-line answer: can this browser reach a TURN relay with the credential duet hands out? */
export function verdict(results: ProbeResult[], timeoutMs = PROBE_TIMEOUT_MS): Verdict {
  const turn = results.filter((r) => isTurnUrl(r.url));
  if (turn.length === 0) {
    return { ok: false, text: msg('network.verdict.noTurn') };
  }
  const working = turn.filter((r) => r.types.includes('relay'));
  const failing = turn.filter((r) => !r.types.includes('relay'));
  const failures = failing.map((r) =>
    msg('network.verdict.failure', {
      url: r.url,
      reason: relayFailure(r, timeoutMs) ?? msg('network.verdict.noRelay'),
    }),
  );
  if (working.length === 0) return { ok: false, text: msg('network.verdict.fails', { failures }) };
  const fastest = Math.min(...working.map((r) => r.firstRelayMs ?? Infinity));
  const via = working.map((r) => r.url).join(', ');
  const works = Number.isFinite(fastest)
    ? msg('network.verdict.worksIn', { via, ms: Math.round(fastest) })
    : msg('network.verdict.works', { via });
  return {
    ok: true,
    text: failing.length > 0 ? msg('network.verdict.partly', { verdict: works, failures }) : works,
  };
}

export interface ProbeOptions {
  timeoutMs?: number;
  PeerConnection?: typeof RTCPeerConnection;
  now?: () => number;
}

/** Gathers with one throwaway connection against one URL until gathering completes or times out. */
export async function probe(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeResult> {
  const {
    timeoutMs = PROBE_TIMEOUT_MS,
    PeerConnection = RTCPeerConnection,
    now = () => performance.now(),
  } = options;
  const pc = new PeerConnection({
    iceServers: [target.server as RTCIceServer],
    iceTransportPolicy: 'all',
  });
  const types = new Set<string>();
  const errors: ProbeError[] = [];
  let firstRelayMs: number | null = null;
  const started = now();
  try {
    const complete = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      pc.onicecandidate = ({ candidate }) => {
        if (!candidate) {
          clearTimeout(timer);
          resolve(true);
          return;
        }
        const type = candidate.type ?? candidateTypeOf(candidate.candidate);
        if (!type) return;
        types.add(type);
        if (type === 'relay' && firstRelayMs === null) firstRelayMs = now() - started;
      };
      pc.onicecandidateerror = (event) => {
        const e = event as RTCPeerConnectionIceErrorEvent;
        // Keep one entry per code: browsers repeat an error for every local address and retry.
        if (!errors.some((known) => known.code === e.errorCode))
          errors.push({ code: e.errorCode, text: e.errorText });
      };
    });
    // A data channel is enough to make the browser gather; no camera needed.
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    const completed = await complete;
    return { url: target.url, types: sortTypes(types), firstRelayMs, errors, timedOut: !completed };
  } finally {
    pc.close();
  }
}

export interface NetworkTestReport {
  results: ProbeResult[];
  verdict: Verdict;
  /** Whether direct calls can work from this network (natProbe.ts). */
  nat: NatFinding;
}

/** Probes every URL and the NAT at once, and sums up. */
export async function runNetworkTest(
  iceServers: IceServer[],
  options: ProbeOptions = {},
): Promise<NetworkTestReport> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const [results, observation] = await Promise.all([
    Promise.all(probeTargets(iceServers).map((target) => probe(target, options))),
    observeNat(iceServers, { timeoutMs, PeerConnection: options.PeerConnection }),
  ]);
  const first = observation.mapped[0];
  const nat = describeNat(classifyNat(observation), {
    turnConfigured: hasTurn(iceServers),
    stunServers: observation.stunServers,
    publicAddress: first && `${first.address}:${first.port}`,
  });
  return { results, verdict: verdict(results, timeoutMs), nat };
}
