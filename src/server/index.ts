// Composition root: configuration from the environment, logger, the node, signals.
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startNode } from './node.js';

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

const logger = pino({ level: config.logLevel });
const server = await startNode(config, logger).catch((err: Error) =>
  fail(`cannot start: ${err.message}`),
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
