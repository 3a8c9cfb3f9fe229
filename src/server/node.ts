// One duet node as index.ts runs it: the room backend chosen by REDIS_URL, then the server on it.
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { MemberTokens } from './memberToken.js';
import { DEFAULT_TIMINGS, memoryBackend, type ClusterTimings } from './roomBackend.js';
import type { RoomRegistry } from './rooms/registry.js';
import { startServer, type RunningServer } from './start.js';

export interface RunningNode extends RunningServer {
  registry: RoomRegistry;
}

export async function startNode(
  config: Config,
  logger: Logger,
  timings: ClusterTimings = DEFAULT_TIMINGS,
): Promise<RunningNode> {
  const backend =
    config.redisUrl === null
      ? memoryBackend()
      : await (await import('./cluster.js')).connectRedisBackend(config.redisUrl, logger, timings);
  let server: RunningServer;
  try {
    server = await startServer(
      {
        config,
        logger,
        registry: backend.registry,
        seats: backend.seats,
        fromRedis: backend.fromRedis,
        tokens: new MemberTokens(backend.tokenKey),
      },
      backend.serverOptions,
    );
  } catch (err) {
    await backend.close();
    throw err;
  }
  backend.attach(server.io);
  return {
    ...server,
    registry: backend.registry,
    async close() {
      await server.close();
      await backend.close();
    },
  };
}
