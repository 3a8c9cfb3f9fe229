// RedisRoomRegistry against a real redis-server: the shared contract, then what only a cluster
// has (several nodes on one Redis, heartbeats, sweeping a dead node's seats).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryContract } from '../testing/registryContract.js';
import { startRedis, type TestRedis } from '../testing/redisServer.js';
import { EMPTY_LOCK_TTL_MS } from './registry.js';
import { RedisRoomRegistry } from './redisRegistry.js';

let redis: TestRedis;
const clients: Redis[] = [];
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis.stop();
});

/** A node's registry, alive; nodes made with the same `prefix` share rooms. */
async function node(prefix: string, nodeId?: string): Promise<RedisRoomRegistry> {
  const client = new Redis(redis.url);
  clients.push(client);
  const registry = new RedisRoomRegistry(client, { prefix, ...(nodeId ? { nodeId } : {}) });
  await registry.heartbeat(60_000);
  return registry;
}

const freshPrefix = () => `t${++prefixes}:`;

registryContract('RedisRoomRegistry', () => node(freshPrefix()));

describe('RedisRoomRegistry across nodes', () => {
  it('holds capacity when two nodes seat 100 users at once', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? a : b).join('crowded', { userId: `u${i}`, socketId: `s${i}` }, 2),
      ),
    );
    expect(results.filter((r) => r.kind === 'joined')).toHaveLength(2);
    expect(results.filter((r) => r.kind === 'full')).toHaveLength(98);
    expect(await a.members('crowded')).toEqual(await b.members('crowded'));
    expect(await b.members('crowded')).toHaveLength(2);
  });

  it('lets a user take over its seat from a socket on another node', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    await a.join('r', { userId: 'alice', socketId: 'a1' }, 2);
    await a.join('r', { userId: 'bob', socketId: 'a2' }, 2);
    const result = await b.join('r', { userId: 'alice', socketId: 'b1' }, 2);
    expect(result).toEqual({
      kind: 'joined',
      userNum: 2,
      peers: ['bob'],
      replacedSocketId: 'a1',
      lock: { locked: false, hasPasscode: false },
    });
    expect(await a.leave('r', 'alice', 'a1')).toBe(false);
    expect(await a.members('r')).toEqual([
      { userId: 'alice', socketId: 'b1' },
      { userId: 'bob', socketId: 'a2' },
    ]);
  });

  it("sweeps a dead node's seats exactly once and keeps the living node's", async () => {
    const prefix = freshPrefix();
    const living = await node(prefix, 'living');
    const dying = await node(prefix, 'dying');
    await living.join('r1', { userId: 'alice', socketId: 'l1' }, 2);
    await dying.join('r1', { userId: 'bob', socketId: 'd1' }, 2);
    await dying.join('r2', { userId: 'carol', socketId: 'd2' }, 2);

    expect(await living.sweep()).toEqual([]);
    await dying.retire();
    const [first, second] = await Promise.all([living.sweep(), living.sweep()]);
    const freed = [...first, ...second].sort((x, y) => x.roomId.localeCompare(y.roomId));
    expect(freed).toEqual([
      { roomId: 'r1', userId: 'bob', socketId: 'd1' },
      { roomId: 'r2', userId: 'carol', socketId: 'd2' },
    ]);
    expect(await living.members('r1')).toEqual([{ userId: 'alice', socketId: 'l1' }]);
    expect(await living.size()).toBe(1);
    // The room is joinable again.
    expect(await living.join('r1', { userId: 'dave', socketId: 'l2' }, 2)).toMatchObject({
      kind: 'joined',
      userNum: 2,
    });
  });

  it("keeps a room's lock through its node's death, for EMPTY_LOCK_TTL_MS once nobody is left", async () => {
    const prefix = freshPrefix();
    const living = await node(prefix, 'living');
    const dying = await node(prefix, 'dying');
    await dying.join('r', { userId: 'alice', socketId: 'd1' }, 2);
    await dying.setLock('r', { userId: 'alice', socketId: 'd1' }, { passcode: null });
    const lockKey = `${prefix}lock:r`;
    expect(await clients[0]!.pttl(lockKey)).toBe(-1); // no expiry while someone is seated

    await dying.retire();
    expect(await living.sweep()).toEqual([{ roomId: 'r', userId: 'alice', socketId: 'd1' }]);
    // Nobody seated, the lock still holds on the living node, and it will expire.
    expect(await living.join('r', { userId: 'mallory', socketId: 'l1' }, 2)).toEqual({
      kind: 'locked',
    });
    const ttl = await clients[0]!.pttl(lockKey);
    expect(ttl).toBeGreaterThan(EMPTY_LOCK_TTL_MS - 10_000);
    expect(ttl).toBeLessThanOrEqual(EMPTY_LOCK_TTL_MS);
    // Alice, reloaded onto the living node, is admitted still; the lock is kept again.
    expect(await living.join('r', { userId: 'alice', socketId: 'l2' }, 2)).toMatchObject({
      kind: 'joined',
      lock: { locked: true, hasPasscode: false },
    });
    expect(await clients[0]!.pttl(lockKey)).toBe(-1);
  });

  it('a node whose heartbeat lapsed may not seat anyone until it beats again', async () => {
    const prefix = freshPrefix();
    const registry = await node(prefix, 'lapsed');
    expect(await registry.heartbeat(60_000)).toBe(true);
    await registry.retire();
    await expect(registry.join('r', { userId: 'u', socketId: 's' }, 2)).rejects.toThrow(
      /not alive/,
    );
    expect(await registry.heartbeat(60_000)).toBe(false);
    expect(await registry.join('r', { userId: 'u', socketId: 's' }, 2)).toMatchObject({
      kind: 'joined',
    });
  });

  it('frees seats once the heartbeat key expires on its own', async () => {
    const prefix = freshPrefix();
    const living = await node(prefix);
    const silent = await node(prefix);
    await silent.join('r', { userId: 'bob', socketId: 's1' }, 2);
    await silent.heartbeat(50);
    const deadline = Date.now() + 5000;
    let freed = await living.sweep();
    while (freed.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      freed = await living.sweep();
    }
    expect(freed).toEqual([{ roomId: 'r', userId: 'bob', socketId: 's1' }]);
  });

  it("lists a node's own seats only", async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    expect(await a.ownSeats()).toEqual([]);
    await a.join('r1', { userId: 'alice', socketId: 'a1' }, 2);
    await b.join('r1', { userId: 'bob', socketId: 'b1' }, 2);
    await a.join('r2', { userId: 'carol', socketId: 'a2' }, 2);
    const own = await a.ownSeats();
    expect(own.sort((x, y) => x.roomId.localeCompare(y.roomId))).toEqual([
      { roomId: 'r1', userId: 'alice', socketId: 'a1' },
      { roomId: 'r2', userId: 'carol', socketId: 'a2' },
    ]);
    await a.leave('r2', 'carol', 'a2');
    expect(await a.ownSeats()).toEqual([{ roomId: 'r1', userId: 'alice', socketId: 'a1' }]);
  });

  it('reports not ready when Redis cannot be reached', async () => {
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false });
    clients.push(client);
    expect(await new RedisRoomRegistry(client).ready()).toBe(false);
  });
});
