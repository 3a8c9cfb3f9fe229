// Where rooms live: in this process (one node), or in Redis shared by a cluster of nodes. The
// Redis backend brings the socket.io adapter that carries relays to other nodes, the node's
// heartbeat, and the sweep that frees the seats of nodes that died. Loaded only with REDIS_URL
// (node.ts): ioredis and the adapter cost a single node some 15 MB of memory for nothing.
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { localRooms } from './localRooms.js';
import { newTokenKey } from './memberToken.js';
import { DEFAULT_TIMINGS, type ClusterTimings, type RoomBackend } from './roomBackend.js';
import { RedisRoomRegistry } from './rooms/redisRegistry.js';

/**
 * Connects to Redis and registers this node as alive. Rejects with a one-line reason when Redis
 * cannot be reached, so the server never starts half-working.
 */
export async function connectRedisBackend(
  url: string,
  logger: Logger,
  timings: ClusterTimings = DEFAULT_TIMINGS,
): Promise<RoomBackend> {
  const log = logger.child({ redis: redactedUrl(url) });
  // Registry commands fail fast while Redis is away (a join answers `error` instead of hanging).
  const commands = client(url, log, 'registry', {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 2000,
  });
  // Relays go through Redis 7's sharded pub/sub, one channel per room: a node subscribes to the
  // rooms it has members in, so it receives their traffic and no other room's. ioredis speaks
  // SSUBSCRIBE/SPUBLISH and resubscribes after a reconnect, so the registry's client library
  // serves the adapter too. The adapter never handles a failed publish; those clients wait out
  // an outage instead of rejecting (an unhandled rejection would kill the process).
  const pub = dropPublishesWhileAway(
    client(url, log, 'publish', { maxRetriesPerRequest: null }),
    log,
  );
  const sub = client(url, log, 'subscribe', { maxRetriesPerRequest: null });
  const clients = [commands, pub, sub];
  const registry = new RedisRoomRegistry(commands);
  let tokenKey: Buffer;
  try {
    await Promise.all(clients.map(open));
    const tooOld = shardedPubSubMissing(await commands.info('server'));
    if (tooOld !== null) throw new Error(tooOld);
    await registry.heartbeat(timings.nodeTtlMs);
    tokenKey = await registry.sharedTokenKey(newTokenKey());
  } catch (err) {
    for (const c of clients) c.disconnect();
    throw new Error(`cannot reach Redis at ${redactedUrl(url)}: ${(err as Error).message}`);
  }
  log.info({ nodeId: registry.nodeId }, 'joined the cluster through Redis');

  let fromRedis = 0;
  const received = () => void (fromRedis += 1);
  sub.on('smessageBuffer', received);

  const relays = localRooms(
    createShardedAdapter(pub, sub, { channelPrefix: 'duet', subscriptionMode: 'dynamic' }),
  );
  const timers: NodeJS.Timeout[] = [];
  return {
    registry,
    tokenKey,
    serverOptions: { adapter: relays.adapter },
    seats: relays.seats,
    fromRedis: () => fromRedis,
    attach(io) {
      const every = (ms: number, work: () => Promise<void>) => {
        const timer = setInterval(() => void work().catch(() => {}), ms);
        timer.unref();
        timers.push(timer);
      };
      every(timings.heartbeatMs, async () => {
        if (await registry.heartbeat(timings.nodeTtlMs)) return;
        // Silent past the TTL: other nodes may have freed our seats. Our sockets reconnect and
        // rejoin (the client resumes its call) rather than keep memberships Redis forgot.
        log.warn('this node was presumed dead while Redis was unreachable; dropping its sockets');
        io.local.disconnectSockets(true);
      });
      let suspects = new Set<string>();
      const bye = (roomId: string, userId: string) => io.to(roomId).emit('bye', { roomId, userId });
      every(timings.sweepMs, async () => {
        for (const { roomId, userId, socketId } of await registry.sweep()) {
          bye(roomId, userId);
          log.info({ roomId, userId, socketId }, 'freed the seat of a dead node');
        }
        // Our own leftovers: a socket that left (or went) while Redis was unreachable kept its
        // seat in Redis though it no longer holds the room here. Only a seat found stale by two
        // sweeps in a row is freed: a join whose reply is still on its way looks stale once.
        const stale = new Set<string>();
        for (const { roomId, userId, socketId } of await registry.ownSeats()) {
          if (io.of('/').sockets.get(socketId)?.data.rooms?.get(roomId) === userId) continue;
          const key = `${roomId} ${socketId}`;
          stale.add(key);
          if (!suspects.has(key)) continue;
          if (!(await registry.leave(roomId, userId, socketId))) continue;
          bye(roomId, userId);
          log.info({ roomId, userId, socketId }, 'freed the seat of a socket that is gone');
        }
        suspects = stale;
      });
    },
    async close() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      // Marks this node dead at once: the others free whatever seats it still holds.
      await registry.retire().catch(() => {});
      await Promise.all(clients.map(quit));
    },
  };
}

/**
 * An ioredis client that connects on demand. Once it has been up, each outage is logged once
 * rather than on every retry; failures to connect at start are reported by `open`.
 */
function client(url: string, log: Logger, role: string, options: RedisOptions): Redis {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 5000, ...options });
  let state: 'starting' | 'up' | 'down' = 'starting';
  redis.on('error', (err: Error) => {
    if (state !== 'up') return;
    state = 'down';
    log.error({ role, err: err.message }, 'Redis unreachable');
  });
  redis.on('ready', () => {
    if (state === 'down') log.info({ role }, 'Redis reachable again');
    state = 'up';
  });
  return redis;
}

/**
 * While Redis is away, relays to other nodes are dropped instead of queued: ioredis would hold
 * them without bound and deliver them when Redis is back, stale (an old offer, a spent
 * candidate). Relays within this node go on; a call whose peers sit on two nodes recovers by ICE
 * restart or rejoin once Redis returns.
 */
function dropPublishesWhileAway(redis: Redis, log: Logger): Redis {
  const publish = redis.spublish.bind(redis) as (
    channel: string,
    message: string,
  ) => Promise<number>;
  let dropping = false;
  const guarded = (channel: string, message: string): Promise<number> => {
    if (redis.status === 'ready') {
      dropping = false;
      return publish(channel, message);
    }
    if (!dropping)
      log.warn('Redis unreachable: relays to other nodes are dropped until it is back');
    dropping = true;
    return Promise.resolve(0);
  };
  redis.spublish = guarded as Redis['spublish'];
  return redis;
}

/** Why a Redis server (its INFO server text) cannot carry relays, or null when it can. */
export function shardedPubSubMissing(info: string): string | null {
  const version = /^redis_version:(\S+)/m.exec(info)?.[1];
  if (version === undefined) return null; // a compatible server that hides its version
  const major = Number(version.split('.')[0]);
  return major >= 7
    ? null
    : `Redis ${version} is too old: duet needs 7.0 or later (sharded pub/sub)`;
}

/** Connects; on failure rejects with the cause (ECONNREFUSED…), not "Connection is closed". */
async function open(redis: Redis): Promise<void> {
  let reason: Error | undefined;
  const onError = (err: Error) => (reason ??= err);
  redis.on('error', onError);
  try {
    await redis.connect();
  } catch (err) {
    throw reason ?? err;
  } finally {
    redis.off('error', onError);
  }
}

/** QUIT, but never wait long on a Redis that is gone. */
async function quit(redis: Redis): Promise<void> {
  const timeout = new Promise((resolve) => setTimeout(resolve, 1000).unref());
  await Promise.race([redis.quit().catch(() => {}), timeout]);
  redis.disconnect();
}

/** The URL without its password, for logs and errors. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
