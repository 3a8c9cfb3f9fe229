// What kind of NAT this browser is behind, as far as a direct call is concerned. One throwaway
// connection asks every STUN server from the same local socket: an endpoint-independent NAT shows
// one public address to all of them (two such homes can call directly), a symmetric one shows a
// new public port to each (a direct call to another NATed home fails: it needs a TURN relay), and
// no answer at all means UDP does not get out (the relay over TCP or TLS is the only way).
// The classification is pure and unit-tested; the gathering runs in a real browser in e2e.
import type { IceServer } from '../../shared/protocol';
import { msg, type Message } from '../i18n/message';

export type NatKind = 'endpoint-independent' | 'symmetric' | 'no-udp' | 'unknown';

/** The fields of a gathered srflx candidate that tell NAT kinds apart. */
export interface MappedAddress {
  /** The public address and port the STUN server saw. */
  address: string;
  port: number;
  /** The local socket it was mapped from (the candidate's related address), if the browser says. */
  base: string | null;
}

export interface NatObservation {
  /** Distinct STUN endpoints asked (host:port). */
  stunServers: number;
  mapped: MappedAddress[];
}

export function classifyNat({ stunServers, mapped }: NatObservation): NatKind {
  if (stunServers === 0) return 'unknown';
  if (mapped.length === 0) return 'no-udp';
  const byBase = new Map<string, Set<string>>();
  for (const m of mapped) {
    const seen = byBase.get(m.base ?? '?') ?? new Set<string>();
    seen.add(`${m.address}:${m.port}`);
    byBase.set(m.base ?? '?', seen);
  }
  if ([...byBase.values()].some((addresses) => addresses.size > 1)) return 'symmetric';
  // With one server (or bases the browser hides) one mapping proves nothing about the others.
  if (stunServers < 2 || byBase.has('?')) return 'unknown';
  return 'endpoint-independent';
}

export interface NatFinding {
  kind: NatKind;
  /** Whether a direct call to someone behind another NAT can work from here. */
  directPossible: boolean | null;
  text: Message;
}

/** The finding in words, given whether the server hands out a TURN relay. */
export function describeNat(
  kind: NatKind,
  {
    turnConfigured,
    stunServers,
    publicAddress,
  }: { turnConfigured: boolean; stunServers: number; publicAddress?: string },
): NatFinding {
  const relay = msg(turnConfigured ? 'nat.viaRelay' : 'nat.relayMissing');
  switch (kind) {
    case 'endpoint-independent':
      return {
        kind,
        directPossible: true,
        text: publicAddress ? msg('nat.directAt', { address: publicAddress }) : msg('nat.direct'),
      };
    case 'symmetric':
      return {
        kind,
        directPossible: false,
        text: msg('nat.symmetric', { relay }),
      };
    case 'no-udp':
      return {
        kind,
        directPossible: false,
        text: msg('nat.noUdp', { relay: turnConfigured ? msg('nat.viaRelayTcp') : relay }),
      };
    case 'unknown':
      return {
        kind,
        directPossible: null,
        text: msg(stunServers === 0 ? 'nat.noStun' : 'nat.oneStun'),
      };
  }
}

/** Distinct STUN endpoints (host:port) among the servers' `stun:`/`stuns:` URLs. */
export function stunEndpoints(iceServers: IceServer[]): string[] {
  const endpoints = new Set<string>();
  for (const url of iceServers.flatMap((s) => [s.urls].flat())) {
    const match = /^stuns?:([^?]+)/i.exec(url);
    if (match) endpoints.add(match[1]!.includes(':') ? match[1]! : `${match[1]}:3478`);
  }
  return [...endpoints];
}

/** Gathers against every STUN server at once from one connection, until done or `timeoutMs`. */
export async function observeNat(
  iceServers: IceServer[],
  {
    timeoutMs,
    PeerConnection = RTCPeerConnection,
  }: { timeoutMs: number; PeerConnection?: typeof RTCPeerConnection },
): Promise<NatObservation> {
  const stun = iceServers
    .map((s) => ({ urls: [s.urls].flat().filter((u) => /^stuns?:/i.test(u)) }))
    .filter((s) => s.urls.length > 0);
  const stunServers = stunEndpoints(stun).length;
  if (stunServers === 0) return { stunServers, mapped: [] };
  const pc = new PeerConnection({ iceServers: stun });
  const mapped: MappedAddress[] = [];
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      pc.onicecandidate = ({ candidate }) => {
        if (!candidate) {
          clearTimeout(timer);
          resolve();
        } else if (candidate.type === 'srflx' && candidate.address && candidate.port !== null) {
          const base =
            candidate.relatedAddress && candidate.relatedPort
              ? `${candidate.relatedAddress}:${candidate.relatedPort}`
              : null;
          mapped.push({ address: candidate.address, port: candidate.port, base });
        }
      };
      pc.createDataChannel('nat');
      void pc.createOffer().then((offer) => pc.setLocalDescription(offer));
    });
  } finally {
    pc.close();
  }
  return { stunServers, mapped };
}
