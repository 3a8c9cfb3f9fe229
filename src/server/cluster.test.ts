// Two real duet nodes on port 0 sharing one real redis-server, talked to by real socket.io
// clients: calls whose members sit on different nodes, capacity across nodes, Redis going away.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { shardedPubSubMissing } from './cluster.js';
import type { RunningNode } from './node.js';
import { clusterNodes } from './testing/clusterNodes.js';
import { connect, disconnect, type Peer } from './testing/peer.js';
import { startRedis, type TestRedis } from './testing/redisServer.js';

const cluster = clusterNodes();
const startOn = cluster.startOn;
let rooms = 0;

const twoNodes = async () =>
  [await startOn(cluster.redis.url), await startOn(cluster.redis.url)] as const;
const newRoom = () => `cluster-${++rooms}`;
const offer = { type: 'offer', value: { sdp: 'v=0' } };
const answer = { type: 'answer', value: { sdp: 'v=0' } };

/** `from` sends `data` to the room; resolves once `to` has received it. */
async function relays(from: Peer, to: Peer, roomId: string, data: unknown = offer): Promise<void> {
  const arrived = to.next('message');
  from.emit('message', { roomId, data });
  expect(await arrived).toEqual(data);
}

/** Emits `event` and resolves with whichever of `replies` comes back first. */
function firstReply(peer: Peer, replies: string[], event: string, payload: unknown) {
  return new Promise<string>((resolve) => {
    for (const reply of replies) peer.socket.once(reply, () => resolve(reply));
    peer.emit(event, payload);
  });
}

describe('a call whose members sit on different nodes', () => {
  it('crosses otherjoined, relays messages both ways, and says bye across', async () => {
    const [nodeA, nodeB] = await twoNodes();
    const roomId = newRoom();
    const [a, b] = [await connect(nodeA), await connect(nodeB)];

    expect(await a.join(roomId)).toMatchObject({ userNum: 1, peers: [] });
    const otherjoined = a.next('otherjoined');
    expect(await b.join(roomId)).toMatchObject({ userNum: 2, userId: b.id, peers: [a.id] });
    expect(await otherjoined).toEqual({ roomId, userId: b.id });

    await relays(a, b, roomId);
    await relays(b, a, roomId, answer);
    expect(b.received('message')).toEqual([[offer, { from: a.id }]]);

    const bye = b.next('bye');
    expect(await a.ask('leaved', 'leave', { roomId })).toEqual({ roomId });
    expect(await bye).toEqual({ roomId, userId: a.id });

    // A disconnect on one node says bye on the other, and the room empties in Redis.
    const back = await connect(nodeA);
    await back.join(roomId);
    const [byeAgain, leaver] = [back.next('bye'), b.id];
    await disconnect(nodeB, b);
    expect(await byeAgain).toEqual({ roomId, userId: leaver });
    expect(await nodeB.registry.members(roomId)).toEqual([{ userId: back.id, socketId: back.id }]);
  });

  it('lets a user take its seat over from another node: the old socket is told `leaved`', async () => {
    const [nodeA, nodeB] = await twoNodes();
    const roomId = newRoom();
    const clientId = 'tab-cluster-0123456789';
    const [old, other] = [await connect(nodeA), await connect(nodeB)];
    const { userId } = await old.join(roomId, clientId);
    await other.join(roomId);

    const reloaded = await connect(nodeB);
    const evicted = old.next('leaved');
    const again = other.next('otherjoined');
    expect(await reloaded.join(roomId, clientId)).toMatchObject({
      userNum: 2,
      userId,
      peers: [other.id],
    });
    expect(await evicted).toEqual({ roomId });
    expect(await again).toEqual({ roomId, userId });

    // The old socket on node A is no member any more; the new one on node B is.
    expect(await old.ask('error', 'message', { roomId, data: offer })).toMatchObject({
      code: 'not-member',
    });
    await relays(reloaded, other, roomId);
    expect(await nodeA.registry.members(roomId)).toEqual([
      { userId, socketId: reloaded.id },
      { userId: other.id, socketId: other.id },
    ]);
  });

  it('seats exactly ROOM_CAPACITY of 100 concurrent joins spread over both nodes', async () => {
    // 50 clients from 127.0.0.1 on each node: over the per-address cap, which is not tested here.
    const uncapped = { MAX_CONNECTIONS_PER_IP: '0' };
    const [nodeA, nodeB] = [
      await startOn(cluster.redis.url, uncapped),
      await startOn(cluster.redis.url, uncapped),
    ];
    const roomId = newRoom();
    const peers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => connect(i % 2 ? nodeA : nodeB)),
    );
    const replies = await Promise.all(
      peers.map((peer) => firstReply(peer, ['joined', 'full', 'error'], 'join', { roomId })),
    );
    expect(replies.filter((r) => r === 'joined')).toHaveLength(2);
    expect(replies.filter((r) => r === 'full')).toHaveLength(98);
    expect(await nodeA.registry.members(roomId)).toHaveLength(2);
  });
});

/** How many pub/sub messages `node` has received from Redis, from its /metrics. */
async function fromRedis(node: RunningNode): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return Number(/^duet_redis_messages_received_total (\S+)$/m.exec(text)?.[1]);
}

describe('a node with no member in a room', () => {
  it('receives none of its traffic from Redis', async () => {
    const [nodeA, nodeB] = await twoNodes();
    const bystander = await startOn(cluster.redis.url);
    const roomId = newRoom();
    const [a, b] = [await connect(nodeA), await connect(nodeB)];
    await a.join(roomId);
    await b.join(roomId);
    for (let i = 0; i < 10; i += 1) await relays(a, b, roomId);
    // The member's node got them (and the otherjoined before); the bystander heard nothing.
    expect(await fromRedis(nodeB)).toBeGreaterThanOrEqual(10);
    expect(await fromRedis(bystander)).toBe(0);
  });
});

describe('a room whose members all sit on one node', () => {
  it('relays without Redis, until a member elsewhere takes a seat over', async () => {
    const [nodeA, nodeB] = await twoNodes();
    const roomId = newRoom();
    const clientId = 'tab-local-room-0123456789';
    const [a, b] = [await connect(nodeA), await connect(nodeA)];
    await a.join(roomId);
    const { userId } = await b.join(roomId, clientId);
    for (let i = 0; i < 5; i += 1) {
      await relays(a, b, roomId);
    }
    // Nothing went out: node A, subscribed to the room, got no copy of its own back.
    expect(await fromRedis(nodeA)).toBe(0);

    // b reloads through node B: from now on the room spans two nodes.
    const reloaded = await connect(nodeB);
    const evicted = b.next('leaved');
    const again = a.next('otherjoined');
    expect(await reloaded.join(roomId, clientId)).toMatchObject({ userId, peers: [a.id] });
    expect(await evicted).toEqual({ roomId });
    expect(await again).toEqual({ roomId, userId });
    await relays(a, reloaded, roomId);
    await relays(reloaded, a, roomId, answer);
    expect(b.received('message')).toHaveLength(5);
  });

  it('relays across from the moment a member on another node is told `joined`', async () => {
    const [nodeA, nodeB] = await twoNodes();
    const roomId = newRoom();
    const b = await connect(nodeB);
    await b.join(roomId);
    // What goes over the room's channel (the sharded adapter's name for it).
    const listener = new Redis(cluster.redis.url);
    const heard: string[] = [];
    listener.on('smessage', (_channel: string, message: string) => heard.push(message));
    await listener.ssubscribe(`duet#/#${roomId}#`);
    try {
      const a = await connect(nodeA);
      await a.join(roomId);
      // Before answering a, its node told b's that the room spans nodes, ahead of `otherjoined`:
      // b's relays go out even if b speaks before hearing of a.
      await expect.poll(() => heard.length).toBeGreaterThan(1);
      expect(heard[0]).toContain('spans-nodes');
      expect(heard[1]).toContain('otherjoined');
      await relays(b, a, roomId);
      await relays(a, b, roomId, answer);
    } finally {
      listener.disconnect();
    }
  });
});

describe('a locked room whose members sit on different nodes', () => {
  it('hears a knock on another node, admits or declines it across, and trusts its tokens', async () => {
    const [nodeA, nodeB] = await twoNodes();
    const roomId = newRoom();
    const alice = await connect(nodeA);
    await alice.join(roomId);
    expect(await alice.ask('locked', 'lock', { roomId, locked: true })).toMatchObject({
      locked: true,
    });

    const bob = await connect(nodeB);
    const knock = alice.next('knock');
    expect(await bob.ask('knocking', 'join', { roomId, name: 'Bob' })).toMatchObject({ roomId });
    const { knockId } = await knock;
    expect(await knock).toMatchObject({ name: 'Bob' });
    const joined = bob.next('joined');
    const closed = alice.next('knockclosed');
    alice.emit('admit', { roomId, knockId });
    const seated = await joined;
    expect(seated).toMatchObject({ userNum: 2, peers: [alice.id], locked: true });
    expect(await closed).toMatchObject({ knockId, outcome: 'admitted' });

    // Bob's token, made on node B, is good on node A.
    const ice = await fetch(`${nodeA.url}/api/ice-servers`, {
      headers: { Authorization: `Bearer ${String(seated.iceToken)}` },
    });
    expect(ice.status).toBe(200);

    // A knock on node A, declined by Bob on node B; both members see it closed.
    const carol = await connect(nodeA);
    const knockAtBob = bob.next('knock');
    const closedAtAlice = alice.next('knockclosed');
    await carol.ask('knocking', 'join', { roomId });
    const denied = carol.next('denied');
    bob.emit('decline', { roomId, knockId: (await knockAtBob).knockId });
    expect(await denied).toEqual({ roomId, reason: 'declined' });
    expect(await closedAtAlice).toMatchObject({ outcome: 'declined' });
    expect(await nodeB.registry.members(roomId)).toHaveLength(2);
  });
});

describe('seats that outlive their socket', () => {
  it('are freed by the node that holds them, with bye to the room', async () => {
    const nodeA = await startOn(cluster.redis.url);
    const roomId = newRoom();
    const b = await connect(nodeA);
    await b.join(roomId);
    // What a leave lost while Redis was unreachable leaves behind: a seat of this node, no socket.
    await nodeA.registry.join(roomId, { userId: 'ghost', socketId: 'gone-socket' }, 2);
    expect(await b.next('bye', 15_000)).toEqual({ roomId, userId: 'ghost' });
    expect(await nodeA.registry.members(roomId)).toEqual([{ userId: b.id, socketId: b.id }]);
  });

  it('are freed when their socket is still here but no longer in the room', async () => {
    const nodeA = await startOn(cluster.redis.url);
    const roomId = newRoom();
    const [a, b] = [await connect(nodeA), await connect(nodeA)];
    await a.join(roomId);
    // A seat of a connected socket that left the room while its leave never reached Redis.
    await nodeA.registry.join(roomId, { userId: 'left', socketId: b.id }, 2);
    expect(await a.next('bye', 15_000)).toEqual({ roomId, userId: 'left' });
    expect(await nodeA.registry.members(roomId)).toEqual([{ userId: a.id, socketId: a.id }]);
  });

  it('do not keep a leave from being answered when Redis stalls', { timeout: 30_000 }, async () => {
    const nodeA = await startOn(cluster.redis.url);
    const roomId = newRoom();
    const [a, b] = [await connect(nodeA), await connect(nodeA)];
    await a.join(roomId);
    await b.join(roomId);
    // Redis holds every script for 3 s: b's leave times out (commandTimeout 2 s).
    const admin = new Redis(cluster.redis.url);
    try {
      await admin.call('CLIENT', 'PAUSE', '3000', 'WRITE');
      const bye = a.next('bye', 5000);
      expect(await b.ask('leaved', 'leave', { roomId })).toEqual({ roomId });
      expect(await bye).toEqual({ roomId, userId: b.id });
    } finally {
      admin.disconnect();
    }
    // The seat is gone once Redis answers again, and a newcomer gets it.
    await expect
      .poll(() => nodeA.registry.members(roomId), { timeout: 10_000 })
      .toEqual([{ userId: a.id, socketId: a.id }]);
    const c = await connect(nodeA);
    expect(await c.join(roomId)).toMatchObject({ userNum: 2 });
  });
});

/** The status of a node's /readyz. */
const readiness = (node: RunningNode) => fetch(`${node.url}/readyz`).then((res) => res.status);

/**
 * Runs `test` with a redis-server of its own, which it may stop; `restart` starts one again on
 * the same port. Every server started here is stopped afterwards, whatever the test did.
 */
async function withOwnRedis(
  test: (own: TestRedis, restart: () => Promise<TestRedis>) => Promise<void>,
): Promise<void> {
  const started = [await startRedis()];
  const own = started[0]!;
  const restart = async () => {
    const again = await startRedis(own.port);
    started.push(again);
    return again;
  };
  try {
    await test(own, restart);
  } finally {
    for (const server of started.reverse()) await server.stop();
  }
}

describe('Redis going away', () => {
  it(
    'drops relays to other nodes meanwhile, so none arrives stale when it is back',
    { timeout: 45_000 },
    () =>
      withOwnRedis(async (own, restart) => {
        const [nodeA, nodeB] = [await startOn(own.url), await startOn(own.url)];
        const roomId = newRoom();
        const [a, b] = [await connect(nodeA), await connect(nodeB)];
        await a.join(roomId);
        await b.join(roomId);
        await relays(a, b, roomId);
        const [nearby, near] = [newRoom(), await connect(nodeA)];
        await a.join(nearby);
        await near.join(nearby);

        await own.stop();
        await expect.poll(() => readiness(nodeA)).toBe(503);
        for (let i = 0; i < 50; i += 1) a.emit('message', { roomId, data: offer });
        // Node A still answers its own sockets meanwhile, and relays between them.
        expect(await a.ask('leaved', 'leave', { roomId: newRoom() })).toBeDefined();
        await relays(a, near, nearby, answer);

        await restart();
        await expect.poll(() => readiness(nodeA)).toBe(200);
        // Long enough for ioredis to flush anything it had queued to B's subscription.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(b.received('message')).toHaveLength(1);
      }),
  );

  it(
    'makes /readyz 503 and joins answer error; the node stays up and recovers',
    { timeout: 45_000 },
    () =>
      withOwnRedis(async (own, restart) => {
        const node = await startOn(own.url);
        const a = await connect(node);
        expect(await readiness(node)).toBe(200);
        expect(await a.join(newRoom())).toMatchObject({ userNum: 1 });

        await own.stop();
        await expect.poll(() => readiness(node), { timeout: 15_000 }).toBe(503);
        expect(await a.ask('error', 'join', { roomId: newRoom() })).toMatchObject({
          code: 'internal',
        });
        expect((await fetch(`${node.url}/healthz`)).status).toBe(200);

        // Redis comes back empty: the node finds it was written off, drops its sockets so they
        // rejoin, registers again and seats people again.
        const dropped = new Promise((resolve) => a.socket.once('disconnect', resolve));
        await restart();
        expect(await dropped).toBe('io server disconnect');
        expect(await readiness(node)).toBe(200);
        const b = await connect(node);
        expect(await b.join(newRoom())).toMatchObject({ userNum: 1 });
      }),
  );
});

describe('the Redis server', () => {
  it('must be 7.0 or later: relays use sharded pub/sub', () => {
    expect(shardedPubSubMissing('# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone')).toBe(
      null,
    );
    expect(shardedPubSubMissing('# Server\r\nredis_version:6.2.14\r\n')).toBe(
      'Redis 6.2.14 is too old: duet needs 7.0 or later (sharded pub/sub)',
    );
  });
});
