// Composition root: configuration from the environment, logger, registry, server, signals.
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { MemoryRoomRegistry } from './rooms/memoryRegistry.js';
import { startServer } from './start.js';

function fail(message: string): never {
  process.stderr.write(`duet server: ${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
if (config.redisUrl !== null) {
  fail('REDIS_URL is set, but this build has no Redis room registry yet; unset it to run one node');
}

const logger = pino({ level: config.logLevel });
const server = await startServer({ config, logger, registry: new MemoryRoomRegistry() }).catch(
  (err: Error) => fail(`cannot start: ${err.message}`),
);
logger.info({ port: server.port, url: server.url }, 'listening');

function shutdown(signal: NodeJS.Signals): void {
  logger.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(0), 2000).unref();
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
