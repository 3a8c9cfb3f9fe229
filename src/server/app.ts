// The signaling server: socket.io on an existing http(s) server, with the room handlers attached.
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Logger } from 'pino';
import type { Socket as EngineSocket } from 'engine.io';
import { Server, type ServerOptions } from 'socket.io';
import { MAX_PACKET_BYTES } from '../shared/protocol.js';
import { AddressRate } from './addressRate.js';
import { ClientAddresses } from './clientAddress.js';
import { RATE_BURST_SECONDS, type Config } from './config.js';
import { ConnectionsPerIp } from './connectionLimit.js';
import { HandshakeGate } from './handshakeGate.js';
import { MemberTokens, newTokenKey } from './memberToken.js';
import { noMetrics, type SignalingMetrics } from './metrics.js';
import { originGuard } from './origin.js';
import { createConnectionHandler, evictLocal } from './rooms/handlers.js';
import type { SeatListener } from './roomBackend.js';
import { KnockBook } from './rooms/knocks.js';
import type { RoomRegistry } from './rooms/registry.js';
import type { SignalingServer } from './types.js';

export interface SignalingDeps {
  registry: RoomRegistry;
  logger: Logger;
  config: Config;
  metrics?: SignalingMetrics;
  /** Told of every seat taken here (a cluster node keeps rooms that are all here off Redis). */
  seats?: SeatListener;
  /** Signs membership tokens; the same key on every node of a cluster. A fresh key by default. */
  tokens?: MemberTokens;
  /** How long a knock waits for an answer; config.knockTimeout by default (tests shorten it). */
  knockTimeoutMs?: number;
}

/** Passcode checks (scrypt) one address may ask of a node: per second, and in a burst. */
const PASSCODE_CHECK_RATE = 2;
const PASSCODE_CHECK_BURST = 30;

export const PING_INTERVAL_MS = 10_000;
export const PING_TIMEOUT_MS = 10_000;

/** socket.io options to override (tests, benchmarks); the defaults suit production. */
export type SignalingOptions = Partial<ServerOptions>;

export function createSignalingServer(
  httpServer: HttpServer | HttpsServer,
  deps: SignalingDeps,
  options: SignalingOptions = {},
): SignalingServer {
  const { allowedOrigins, maxConnectionsPerIp, trustedProxies, handshakeRate, joinRate } =
    deps.config;
  const metrics = deps.metrics ?? noMetrics;
  const perIp = new ConnectionsPerIp(maxConnectionsPerIp);
  const handshakes = new AddressRate(handshakeRate, handshakeRate * RATE_BURST_SECONDS);
  const clients = new ClientAddresses(trustedProxies);
  const originOk = originGuard(allowedOrigins);
  const gate = new HandshakeGate(clients, perIp, handshakes, metrics);
  gate.guard(httpServer);
  // Each engine.io connection's client address, read once at the handshake.
  const addressOf = new WeakMap<object, string>();
  const io: SignalingServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_PACKET_BYTES,
    // Long-polling stays on: the tutorial's clients start with it before upgrading.
    transports: ['polling', 'websocket'],
    // A client that vanishes without a word (frozen machine, lost network) is dropped within
    // 20 s (socket.io's default is 45), so its peer hears `bye` rather than facing a frozen
    // picture for long; a tab that closes or crashes is seen at once anyway, by its socket
    // closing. Not tighter: with 4 s + 4 s, bench:signal at 4,000 clients on 2 cores lost 3,325
    // of them to ping timeouts within seconds of overload (a reconnect storm in production), and
    // heartbeats cost CPU per connection (at 5 s, 12 % of a core for 4,000 idle clients).
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    allowRequest: (req, done) => {
      const refusal = gate.check(req);
      if (refusal) return done(refusal.message, false);
      originOk(req, (err, ok) => {
        if (!ok) metrics.refused('origin');
        done(err, ok);
      });
    },
    // CORS headers only matter to listed cross-origin pages using long-polling.
    ...(allowedOrigins.length > 0
      ? { cors: { origin: allowedOrigins.includes('*') ? true : allowedOrigins } }
      : {}),
    ...options,
  });
  io.engine.on('connection', (raw: EngineSocket) => {
    const ip = clients.of(raw.request);
    addressOf.set(raw, ip);
    // Handshakes that raced past allowRequest together: the one over the cap goes.
    if (!perIp.opened(ip)) {
      metrics.refused('connections-per-ip');
      raw.close();
    }
    raw.once('close', () => perIp.closed(ip));
    // The first HTTP request would stay referenced for the connection's whole life (a few KB
    // each); nothing here reads socket.handshake, so let it go (socket.io supports this).
    // engine.io's upgrade response still holds it until the socket closes: drop its headers.
    const request = raw.request;
    raw.request = null as unknown as EngineSocket['request'];
    request.headers = {};
    request.rawHeaders = [];
  });
  const knocks = new KnockBook(deps.knockTimeoutMs ?? deps.config.knockTimeout * 1000);
  const onConnection = createConnectionHandler({
    io,
    ...deps,
    knocks,
    tokens: deps.tokens ?? new MemberTokens(newTokenKey()),
    joinsPerAddress: new AddressRate(joinRate, joinRate * RATE_BURST_SECONDS),
    passcodeChecksPerAddress: new AddressRate(PASSCODE_CHECK_RATE, PASSCODE_CHECK_BURST),
  });
  io.on('connection', (socket) => {
    socket.data.address = addressOf.get(socket.conn) ?? '';
    onConnection(socket);
  });
  io.on('evict', (socketId, roomId) => evictLocal(io, socketId, roomId));
  io.on('knockanswer', (knockId, roomId, answer) => {
    if (answer === 'admitted' || answer === 'declined') knocks.settle(knockId, roomId, answer);
  });
  return io;
}
