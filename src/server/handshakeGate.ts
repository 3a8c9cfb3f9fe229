// Who may open a signaling connection: MAX_CONNECTIONS_PER_IP and HANDSHAKE_RATE per client
// address. A refused address is answered (403 with the reason) once per second; in between, while
// it is still over its limit, its new TCP connections are closed as they arrive, before any TLS or
// HTTP work. A flood of connections would otherwise cost the server a TLS handshake and an HTTP
// parse each, on the cores every honest client needs.
import type { Server as NetServer, Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { AddressRate } from './addressRate.js';
import type { ClientAddresses } from './clientAddress.js';
import type { ConnectionsPerIp } from './connectionLimit.js';
import type { SignalingMetrics } from './metrics.js';

/** After an answered refusal, how long an address still over its limit is closed without one. */
export const QUIET_REFUSAL_MS = 1000;

export type Refusal = { reason: 'connections-per-ip' | 'handshake-rate'; message: string };

const REFUSALS = {
  'connections-per-ip': 'too many connections from this address',
  'handshake-rate': 'too many new connections from this address; try again shortly',
} as const;

export class HandshakeGate {
  /** When each address was last answered a refusal. */
  private readonly answeredAt = new Map<string, number>();
  private lastPruneMs = 0;

  constructor(
    private readonly clients: ClientAddresses,
    private readonly perIp: ConnectionsPerIp,
    private readonly handshakes: AddressRate,
    private readonly metrics: Pick<SignalingMetrics, 'refused'>,
  ) {}

  /** At the handshake: null admits `req` (and spends one of its address's handshakes). */
  check(req: IncomingMessage, nowMs: number = performance.now()): Refusal | null {
    const ip = this.clients.of(req);
    const reason = this.overLimit(ip, nowMs, true);
    if (reason === null) return null;
    this.metrics.refused(reason);
    this.answeredAt.set(ip, nowMs);
    this.prune(nowMs);
    return { reason, message: REFUSALS[reason] };
  }

  /**
   * At the TCP accept: whether to close `socket` at once, because its address was answered a
   * refusal within the last QUIET_REFUSAL_MS and is still over its limit.
   */
  closesEarly(peer: string, nowMs: number = performance.now()): boolean {
    const ip = this.clients.ofPeer(peer);
    if (ip === null) return false;
    const answered = this.answeredAt.get(ip);
    if (answered === undefined || nowMs - answered >= QUIET_REFUSAL_MS) return false;
    const reason = this.overLimit(ip, nowMs, false);
    if (reason === null) return false;
    this.metrics.refused(reason);
    return true;
  }

  /** Closes, on `server` (http or https), the connections closesEarly() names. */
  guard(server: NetServer): void {
    // First in line: before the http(s) server sets up a parser or a TLS session for the socket.
    server.prependListener('connection', (socket: Socket) => {
      if (this.closesEarly(socket.remoteAddress ?? '')) socket.destroy();
    });
  }

  /** Which limit `ip` is over, if any; `spend`: take one of its handshakes when it is under. */
  private overLimit(ip: string, nowMs: number, spend: boolean): Refusal['reason'] | null {
    if (!this.perIp.admits(ip)) return 'connections-per-ip';
    const under = spend ? this.handshakes.take(ip, nowMs) : this.handshakes.allows(ip, nowMs);
    return under ? null : 'handshake-rate';
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < QUIET_REFUSAL_MS) return;
    this.lastPruneMs = nowMs;
    for (const [ip, at] of this.answeredAt) {
      if (nowMs - at >= QUIET_REFUSAL_MS) this.answeredAt.delete(ip);
    }
  }
}
