// Test harness for a file of cluster tests: one redis-server for the whole file, and real duet
// nodes on port 0 (silent logs) that are closed, with every test client, after each test.
import pino from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadConfig } from '../config.js';
import { startNode, type RunningNode } from '../node.js';
import { disconnectClients } from './peer.js';
import { startRedis, type TestRedis } from './redisServer.js';

export interface ClusterNodes {
  /** The file's redis-server; read it inside a test (it starts in beforeAll). */
  readonly redis: TestRedis;
  /** A node on `redisUrl` with `env` over the test defaults; closed after the test. */
  startOn(redisUrl: string, env?: NodeJS.ProcessEnv): Promise<RunningNode>;
}

/** Call at the top level of a test file: registers the hooks that start and stop everything. */
export function clusterNodes(): ClusterNodes {
  let redis: TestRedis | undefined;
  const nodes: RunningNode[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    disconnectClients();
    await Promise.all(nodes.splice(0).map((node) => node.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });
  return {
    get redis() {
      if (redis === undefined) throw new Error('the redis-server starts in beforeAll');
      return redis;
    },
    async startOn(redisUrl, env = {}) {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisUrl, ...env });
      const node = await startNode(config, pino({ level: 'silent' }));
      nodes.push(node);
      return node;
    },
  };
}
