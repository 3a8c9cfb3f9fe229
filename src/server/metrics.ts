// Prometheus metrics for GET /metrics (prom-client). One Registry per server, not prom-client's
// global one, so several servers in one process (tests) keep their own counts.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeniedReason, ErrorCode, KnockOutcome } from '../shared/protocol.js';

/** What the room handlers report; the no-op version serves callers that do not scrape. */
export interface SignalingMetrics {
  /** A join answered `joined`, `seconds` after the event arrived. */
  joined(seconds: number): void;
  full(): void;
  relayed(): void;
  rejected(code: ErrorCode): void;
  /** A socket cut off for flooding past MESSAGE_RATE. */
  cutOff(): void;
  /** A new connection refused at the handshake. */
  refused(reason: HandshakeRefusal): void;
  /** A joiner not let into a locked room. */
  denied(reason: DeniedReason): void;
  /** A knock ended. */
  knockSettled(outcome: KnockOutcome): void;
  /** A TURN credential handed out, in `joined` or over HTTP. */
  credentialIssued(via: CredentialRoute): void;
  /** GET /api/ice-servers refused: no valid membership proof (401) or over the rate (429). */
  credentialRefused(reason: CredentialRefusal): void;
}

export type HandshakeRefusal = 'origin' | 'connections-per-ip' | 'handshake-rate';
export type CredentialRoute = 'joined' | 'http';
export type CredentialRefusal = 'no-proof' | 'rate';

export const noMetrics: SignalingMetrics = {
  joined: () => undefined,
  full: () => undefined,
  relayed: () => undefined,
  rejected: () => undefined,
  cutOff: () => undefined,
  refused: () => undefined,
  denied: () => undefined,
  knockSettled: () => undefined,
  credentialIssued: () => undefined,
  credentialRefused: () => undefined,
};

/** Read at scrape time, so the hot path keeps no gauges up to date. */
export interface LiveCounts {
  connections(): number;
  rooms(): Promise<number>;
  members(): number;
  /** Pub/sub messages received from Redis so far (0 on a single node). */
  fromRedis(): number;
}

export class PrometheusMetrics implements SignalingMetrics {
  readonly registry = new Registry();
  private live: LiveCounts | null = null;

  private readonly joins = new Counter({
    name: 'duet_joins_total',
    help: 'Joins answered with joined',
    registers: [this.registry],
  });
  private readonly fulls = new Counter({
    name: 'duet_full_total',
    help: 'Joins refused because the room was at capacity',
    registers: [this.registry],
  });
  private readonly relays = new Counter({
    name: 'duet_messages_relayed_total',
    help: 'message events relayed to the other members of a room',
    registers: [this.registry],
  });
  private readonly rejections = new Counter({
    name: 'duet_rejected_total',
    help: 'Inbound events answered with error, by error code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  private readonly cutOffs = new Counter({
    name: 'duet_flood_disconnects_total',
    help: 'Sockets disconnected for flooding past MESSAGE_RATE',
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'duet_handshakes_refused_total',
    help: 'New connections refused at the handshake: ALLOWED_ORIGINS, MAX_CONNECTIONS_PER_IP, HANDSHAKE_RATE',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly denials = new Counter({
    name: 'duet_denied_total',
    help: 'Joiners not let into a locked room, by reason: declined, timeout, passcode, throttled',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly knocks = new Counter({
    name: 'duet_knocks_total',
    help: 'Knocks at locked rooms, by how they ended',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly credentials = new Counter({
    name: 'duet_turn_credentials_total',
    help: 'TURN credentials handed to room members, by route (joined, http)',
    labelNames: ['via'],
    registers: [this.registry],
  });
  private readonly credentialRefusals = new Counter({
    name: 'duet_turn_credentials_refused_total',
    help: 'GET /api/ice-servers refused: no-proof (401, not a member) or rate (429, per address)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly joinSeconds = new Histogram({
    name: 'duet_join_duration_seconds',
    help: 'Time from a join event to its joined answer',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor() {
    const live = () => this.live;
    new Gauge({
      name: 'duet_connections',
      help: 'Open socket.io connections on this node',
      registers: [this.registry],
      collect() {
        this.set(live()?.connections() ?? 0);
      },
    });
    new Gauge({
      name: 'duet_rooms',
      help: 'Rooms with at least one member (as the room registry counts them)',
      registers: [this.registry],
      async collect() {
        this.set((await live()?.rooms()) ?? 0);
      },
    });
    new Gauge({
      name: 'duet_members',
      help: 'Room seats held by sockets on this node',
      registers: [this.registry],
      collect() {
        this.set(live()?.members() ?? 0);
      },
    });
    new Counter({
      name: 'duet_redis_messages_received_total',
      help: 'Pub/sub messages this node received from Redis: relays and events of other nodes, and its own coming back',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(live()?.fromRedis() ?? 0);
      },
    });
    // Includes nodejs_eventloop_lag_seconds and the event-loop delay percentiles.
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where the connection, room and member gauges read from. */
  watch(live: LiveCounts): void {
    this.live = live;
  }

  joined(seconds: number): void {
    this.joins.inc();
    this.joinSeconds.observe(seconds);
  }
  full(): void {
    this.fulls.inc();
  }
  relayed(): void {
    this.relays.inc();
  }
  rejected(code: ErrorCode): void {
    this.rejections.inc({ code });
  }
  cutOff(): void {
    this.cutOffs.inc();
  }
  refused(reason: HandshakeRefusal): void {
    this.refusals.inc({ reason });
  }
  denied(reason: DeniedReason): void {
    this.denials.inc({ reason });
  }
  knockSettled(outcome: KnockOutcome): void {
    this.knocks.inc({ outcome });
  }
  credentialIssued(via: CredentialRoute): void {
    this.credentials.inc({ via });
  }
  credentialRefused(reason: CredentialRefusal): void {
    this.credentialRefusals.inc({ reason });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
