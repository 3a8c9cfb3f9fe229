// Who may open a signaling connection: MAX_CONNECTIONS_PER_IP and HANDSHAKE_RATE per client
// address. An address over HANDSHAKE_RATE is answered (403 with the reason) once per second; in
// between, while it is still over the rate, its new TCP connections are closed as they arrive,
// before any TLS or HTTP work. A flood of connections would otherwise cost the server a TLS
// handshake and an HTTP parse each, on the cores every honest client needs. An address at its
// MAX_CONNECTIONS_PER_IP is always answered: that is a standing state, not a flood, and its page
// loads, TURN credential refreshes and scrapes on the same port must go on.
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
  /** When each address was last answered a HANDSHAKE_RATE refusal. */
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
    const reason = !this.perIp.admits(ip)
      ? 'connections-per-ip'
      : !this.handshakes.take(ip, nowMs)
        ? 'handshake-rate'
        : null;
    if (reason === null) return null;
    this.metrics.refused(reason);
    if (reason === 'handshake-rate') {
      this.answeredAt.set(ip, nowMs);
      this.prune(nowMs);
    }
    return { reason, message: REFUSALS[reason] };
  }

  /**
   * At the TCP accept: whether to close `socket` at once, because its address was answered a
   * HANDSHAKE_RATE refusal within the last QUIET_REFUSAL_MS and still has no handshake to spend.
   */
  closesEarly(peer: string, nowMs: number = performance.now()): boolean {
    const ip = this.clients.ofPeer(peer);
    if (ip === null) return false;
    const answered = this.answeredAt.get(ip);
    if (answered === undefined || nowMs - answered >= QUIET_REFUSAL_MS) return false;
    if (this.handshakes.allows(ip, nowMs)) return false;
    this.metrics.refused('handshake-rate');
    return true;
  }

  /** Closes, on `server` (http or https), the connections closesEarly() names. */
  guard(server: NetServer): void {
    // Ahead of every 'connection' listener, the http(s) server's own among them: a socket closed
    // here never gets an HTTP parser or a TLS session (a listener could only close it after).
    const emit = server.emit.bind(server);
    server.emit = (event: string | symbol, ...args: unknown[]): boolean => {
      if (event === 'connection') {
        const socket = args[0] as Socket;
        if (this.closesEarly(socket.remoteAddress ?? '')) {
          socket.destroy();
          return true;
        }
      }
      return emit(event, ...args);
    };
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < QUIET_REFUSAL_MS) return;
    this.lastPruneMs = nowMs;
    for (const [ip, at] of this.answeredAt) {
      if (nowMs - at >= QUIET_REFUSAL_MS) this.answeredAt.delete(ip);
    }
  }
}
