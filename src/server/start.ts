// Builds the http(s) server with the HTTP routes and socket.io on it, and listens. Used by
// index.ts and by the integration tests, so both run the same assembly.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSignalingServer, type SignalingDeps, type SignalingOptions } from './app.js';
import type { Config } from './config.js';
import { createRequestHandler } from './http.js';
import { iceServersRoute } from './iceRoute.js';
import { MemberTokens, newTokenKey } from './memberToken.js';
import { PrometheusMetrics } from './metrics.js';
import type { SignalingServer } from './types.js';

export interface RunningServer {
  io: SignalingServer;
  /** The port actually bound (PORT=0 picks a free one). */
  port: number;
  url: string;
  /** Disconnects every socket, stops listening and releases the port. */
  close(): Promise<void>;
}

export interface ServerDeps extends SignalingDeps {
  /** Pub/sub messages received from Redis so far, for /metrics (cluster nodes). */
  fromRedis?: () => number;
}

export async function startServer(
  deps: ServerDeps,
  options: SignalingOptions = {},
): Promise<RunningServer> {
  const { config, registry, fromRedis = () => 0 } = deps;
  const metrics = new PrometheusMetrics();
  let closing = false;
  const ready = async () => !closing && (await registry.ready());
  const tokens = deps.tokens ?? new MemberTokens(newTokenKey());
  const iceServers = iceServersRoute({ config, tokens, registry, metrics });
  const handler = createRequestHandler(config, { ready, metrics }, iceServers);
  const httpServer = config.tls
    ? createHttpsServer(
        { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
        handler,
      )
    : createHttpServer(handler);
  const io = createSignalingServer(httpServer, { metrics, ...deps, tokens }, options);
  metrics.watch({
    connections: () => io.engine.clientsCount,
    rooms: () => registry.size(),
    members: () => {
      let seats = 0;
      for (const socket of io.of('/').sockets.values()) seats += socket.data.rooms?.size ?? 0;
      return seats;
    },
    fromRedis,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;

  const close = async (): Promise<void> => {
    closing = true;
    // Keep-alive HTTP clients could hold close() open; cut them if they have not gone in a second.
    const force = setTimeout(() => httpServer.closeAllConnections(), 1000);
    force.unref();
    await io.close();
    clearTimeout(force);
  };
  return { io, port, url: urlFor(config, port), close };
}

function urlFor(config: Config, port: number): string {
  const scheme = config.tls ? 'https' : 'http';
  const anyHost = config.host === '0.0.0.0' || config.host === '::';
  const host = anyHost ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${scheme}://${host}:${port}`;
}
