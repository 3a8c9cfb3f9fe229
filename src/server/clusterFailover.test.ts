// A node that dies without a word (SIGKILL) must not leave ghost members: it runs here as a real
// child process (the TypeScript entry through tsx) next to an in-process node on one redis-server.
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../e2e/support/server.js';
import { loadConfig } from './config.js';
import { startNode, type RunningNode } from './node.js';
import { connect, disconnectClients } from './testing/peer.js';
import { freePort } from './testing/freePort.js';
import { startRedis, type TestRedis } from './testing/redisServer.js';

const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));
const fromSource = { nodeArgs: ['--import', 'tsx'], entry: ENTRY };

let redis: TestRedis;
const children: RunningServer[] = [];
let survivor: RunningNode | undefined;

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  disconnectClients();
  await Promise.all(children.splice(0).map((child) => child.stop()));
  await survivor?.close();
  survivor = undefined;
});
afterAll(async () => {
  await redis.stop();
});

describe('a node killed with SIGKILL', () => {
  it(
    'has its members freed (the peer on another node gets bye within 15 s) and its locks kept',
    { timeout: 60_000 },
    async () => {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url });
      survivor = await startNode(config, pino({ level: 'silent' }));
      const doomed = await startServer({ REDIS_URL: redis.url }, fromSource);
      children.push(doomed);

      const roomId = 'failover';
      const clientId = 'tab-of-a-0123456789';
      const [a, b] = [await connect(doomed), await connect(survivor)];
      const { userId: ghost } = await a.join(roomId, clientId);
      await b.join(roomId);
      expect(await a.ask('locked', 'lock', { roomId, locked: true })).toMatchObject({
        locked: true,
      });

      const killedAt = Date.now();
      const bye = b.next('bye', 15_000);
      doomed.process.kill('SIGKILL');
      expect(await bye).toEqual({ roomId, userId: ghost });
      expect(Date.now() - killedAt).toBeLessThan(15_000);

      // The lock outlived the node: a stranger knocks, and a, reconnected to the survivor,
      // takes a free seat without knocking and finds only b.
      const c = await connect(survivor);
      expect(await c.ask('knocking', 'join', { roomId })).toMatchObject({ roomId });
      const back = await connect(survivor);
      expect(await back.join(roomId, clientId)).toMatchObject({
        userNum: 2,
        peers: [b.id],
        locked: true,
      });
      expect(await survivor.registry.members(roomId)).toEqual([
        { userId: b.id, socketId: b.id },
        { userId: ghost, socketId: back.id },
      ]);
    },
  );
});

describe('starting with REDIS_URL', () => {
  it('exits 1 with one line when Redis cannot be reached', { timeout: 30_000 }, async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const failed = startServer({ REDIS_URL: nobody }, fromSource);
    await expect(failed).rejects.toThrow(
      new RegExp(
        `exited with 1 before listening: duet server: cannot start: cannot reach Redis at ${nobody}/?: connect ECONNREFUSED[^\\n]*\\n$`,
      ),
    );
  });
});
