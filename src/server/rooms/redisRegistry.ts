// Room registry shared by a cluster of nodes through Redis. Every seat records the node whose
// socket holds it; nodes heartbeat, and any node can free the seats of a node that stopped.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type {
  JoinGrant,
  JoinResult,
  LockState,
  RoomLock,
  RoomRegistry,
  Seat,
  TryLimits,
} from './registry.js';
import { HEARTBEAT, JOIN, LEAVE, REFUND_TRY, SET_LOCK, SWEEP, TAKE_TRY } from './redisScripts.js';

/** A seat and the room it is in. */
export interface RoomSeat extends Seat {
  roomId: string;
}

export interface RedisRegistryOptions {
  /** Key prefix; lets several deployments (or tests) share one Redis. */
  prefix?: string;
  /** This node's id; unique per process by default. */
  nodeId?: string;
}

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

export class RedisRoomRegistry implements RoomRegistry {
  readonly nodeId: string;
  private readonly prefix: string;
  private readonly joinScript: ScriptCall;
  private readonly leaveScript: ScriptCall;
  private readonly heartbeatScript: ScriptCall;
  private readonly sweepScript: ScriptCall;
  private readonly setLockScript: ScriptCall;
  private readonly takeTryScript: ScriptCall;
  private readonly refundTryScript: ScriptCall;

  constructor(
    private readonly redis: Redis,
    options: RedisRegistryOptions = {},
  ) {
    this.prefix = options.prefix ?? 'duet:';
    this.nodeId = options.nodeId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.joinScript = script(redis, 'duetJoin', JOIN);
    this.leaveScript = script(redis, 'duetLeave', LEAVE);
    this.heartbeatScript = script(redis, 'duetHeartbeat', HEARTBEAT);
    this.sweepScript = script(redis, 'duetSweep', SWEEP);
    this.setLockScript = script(redis, 'duetSetLock', SET_LOCK);
    this.takeTryScript = script(redis, 'duetTakeTry', TAKE_TRY);
    this.refundTryScript = script(redis, 'duetRefundTry', REFUND_TRY);
  }

  async join(
    roomId: string,
    seat: Seat,
    capacity: number,
    grant: JoinGrant = {},
  ): Promise<JoinResult> {
    const args = [roomId, seat.userId, seat.socketId, this.nodeId, capacity];
    const grantArgs = [
      grant.admitted === true ? '1' : '',
      grant.passcodeHash ?? '',
      grant.lockWith?.salt ?? '',
      grant.lockWith?.hash ?? '',
    ];
    const reply = strings(await this.joinScript(this.prefix, ...args, ...grantArgs));
    const [kind, userNum, replaced = '', locked, hasPasscode, lockedNow, ...peers] = reply;
    if (kind === 'locked') return { kind: 'locked' };
    if (kind === 'full') return { kind: 'full', userNum: Number(userNum) };
    return {
      kind: 'joined',
      userNum: Number(userNum),
      peers,
      ...(replaced !== '' ? { replacedSocketId: replaced } : {}),
      lock: lockState(locked, hasPasscode),
      ...(lockedNow === '1' ? { lockedNow: true } : {}),
    };
  }

  async lockOf(roomId: string, userId: string) {
    const raw = await this.redis.get(`${this.prefix}lock:${roomId}`);
    if (raw === null) return { lock: null, admitted: false };
    const stored = JSON.parse(raw) as { h: string; s: string; a: unknown };
    const admitted = Array.isArray(stored.a) && stored.a.includes(userId);
    const passcode = stored.h === '' ? null : { salt: stored.s, hash: stored.h };
    return { lock: { passcode }, admitted };
  }

  async setLock(roomId: string, seat: Seat, lock: RoomLock | null): Promise<LockState | null> {
    const mode = lock === null ? 'open' : 'lock';
    const { salt = '', hash = '' } = lock?.passcode ?? {};
    const args = [roomId, seat.userId, seat.socketId, mode, salt, hash];
    const reply = strings(await this.setLockScript(this.prefix, ...args));
    if (reply.length === 0) return null;
    return lockState(reply[0], reply[1]);
  }

  async takePasscodeTry(roomId: string, address: string, limits: TryLimits): Promise<boolean> {
    const { perRoom, perAddress, windowMs } = limits;
    const args = [roomId, address, perRoom, perAddress, windowMs];
    return (await this.takeTryScript(this.prefix, ...args)) === 1;
  }

  async refundPasscodeTry(roomId: string, address: string): Promise<void> {
    await this.refundTryScript(this.prefix, roomId, address);
  }

  async leave(roomId: string, userId: string, socketId: string): Promise<boolean> {
    return (await this.leaveScript(this.prefix, roomId, userId, socketId)) === 1;
  }

  async members(roomId: string): Promise<Seat[]> {
    const raw = await this.redis.get(`${this.prefix}room:${roomId}`);
    if (raw === null) return [];
    const seats = JSON.parse(raw) as [string, string, string][];
    return seats.map(([userId, socketId]) => ({ userId, socketId }));
  }

  async size(): Promise<number> {
    return this.redis.scard(`${this.prefix}rooms`);
  }

  async ready(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /**
   * Marks this node alive for `ttlMs`. False when its key had expired: other nodes may have
   * freed its seats, so its sockets' memberships can no longer be trusted.
   */
  async heartbeat(ttlMs: number): Promise<boolean> {
    return (await this.heartbeatScript(this.prefix, this.nodeId, ttlMs)) === 1;
  }

  /** Frees the seats of every node whose heartbeat expired; only one caller gets each seat. */
  async sweep(): Promise<RoomSeat[]> {
    const flat = strings(await this.sweepScript(this.prefix));
    const freed: RoomSeat[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      freed.push({ roomId: flat[i]!, userId: flat[i + 1]!, socketId: flat[i + 2]! });
    }
    return freed;
  }

  /** The seats this node's sockets hold, in every room. */
  async ownSeats(): Promise<RoomSeat[]> {
    const roomIds = await this.redis.smembers(`${this.prefix}node-rooms:${this.nodeId}`);
    if (roomIds.length === 0) return [];
    const rooms = await this.redis.mget(roomIds.map((roomId) => `${this.prefix}room:${roomId}`));
    return roomIds.flatMap((roomId, i) => {
      const seats = JSON.parse(rooms[i] ?? '[]') as [string, string, string][];
      return seats
        .filter(([, , nodeId]) => nodeId === this.nodeId)
        .map(([userId, socketId]) => ({ roomId, userId, socketId }));
    });
  }

  /**
   * The cluster's membership-token key: `candidate` if no node has stored one yet, else the
   * stored one, so every node signs and checks with the same key.
   */
  async sharedTokenKey(candidate: Buffer): Promise<Buffer> {
    const key = `${this.prefix}token-key`;
    await this.redis.set(key, candidate.toString('hex'), 'NX');
    const stored = await this.redis.get(key);
    if (stored === null) throw new Error('the token key vanished from Redis');
    return Buffer.from(stored, 'hex');
  }

  /** Marks this node dead at once (clean shutdown), so the others free its seats now. */
  async retire(): Promise<void> {
    await this.redis.del(`${this.prefix}node:${this.nodeId}`);
  }
}

/** Registers a Lua script with ioredis (EVALSHA, EVAL on a miss) and returns its caller. */
function script(redis: Redis, name: string, lua: string): ScriptCall {
  redis.defineCommand(name, { numberOfKeys: 0, lua });
  const call = (redis as unknown as Record<string, ScriptCall | undefined>)[name];
  if (call === undefined) throw new Error(`ioredis did not define the command ${name}`);
  return call.bind(redis);
}

function lockState(locked: string | undefined, hasPasscode: string | undefined): LockState {
  return { locked: locked === '1', hasPasscode: hasPasscode === '1' };
}

function strings(reply: unknown): string[] {
  if (!Array.isArray(reply)) throw new Error(`unexpected Redis reply ${JSON.stringify(reply)}`);
  return reply.map(String);
}
