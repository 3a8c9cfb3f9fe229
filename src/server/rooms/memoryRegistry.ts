// Single-node room registry. Each method finishes in one synchronous step, so concurrent calls
// cannot interleave inside a check-then-update.
import {
  EMPTY_LOCK_TTL_MS,
  MAX_ADMITTED,
  type JoinGrant,
  type JoinResult,
  type LockState,
  type RoomLock,
  type RoomRegistry,
  type Seat,
  type TryLimits,
} from './registry.js';

interface StoredLock extends RoomLock {
  /** Admitted userIds, oldest first. */
  admitted: string[];
  /** Set while the room is empty: the lock goes when it fires. */
  expiry?: NodeJS.Timeout;
}

interface TryCount {
  count: number;
  resetAt: number;
}

export class MemoryRoomRegistry implements RoomRegistry {
  /** roomId → (userId → socketId); Map order is join order. Empty rooms are deleted. */
  private readonly rooms = new Map<string, Map<string, string>>();
  private readonly locks = new Map<string, StoredLock>();
  private readonly tries = new Map<string, TryCount>();

  constructor(private readonly emptyLockTtlMs = EMPTY_LOCK_TTL_MS) {}

  async join(
    roomId: string,
    seat: Seat,
    capacity: number,
    grant: JoinGrant = {},
  ): Promise<JoinResult> {
    const room = this.rooms.get(roomId) ?? new Map<string, string>();
    const lock = this.locks.get(roomId);
    if (lock !== undefined && !lock.admitted.includes(seat.userId)) {
      const byPasscode =
        grant.passcodeHash !== undefined && lock.passcode?.hash === grant.passcodeHash;
      if (grant.admitted !== true && !byPasscode) return { kind: 'locked' };
    }
    const holder = room.get(seat.userId);
    if (holder === undefined && room.size >= capacity) return { kind: 'full', userNum: room.size };

    room.set(seat.userId, seat.socketId);
    this.rooms.set(roomId, room);
    let lockedNow = false;
    if (lock !== undefined) {
      clearTimeout(lock.expiry);
      delete lock.expiry;
      admit(lock, [seat.userId], room);
    } else if (grant.lockWith !== undefined) {
      this.locks.set(roomId, { passcode: grant.lockWith, admitted: [...room.keys()] });
      lockedNow = true;
    }
    const peers = [...room.keys()].filter((userId) => userId !== seat.userId);
    const replaced = holder !== undefined && holder !== seat.socketId;
    return {
      kind: 'joined',
      userNum: room.size,
      peers,
      ...(replaced ? { replacedSocketId: holder } : {}),
      lock: this.stateOf(roomId),
      ...(lockedNow ? { lockedNow } : {}),
    };
  }

  async leave(roomId: string, userId: string, socketId: string): Promise<boolean> {
    const room = this.rooms.get(roomId);
    if (room?.get(userId) !== socketId) return false;
    room.delete(userId);
    if (room.size === 0) {
      this.rooms.delete(roomId);
      const lock = this.locks.get(roomId);
      if (lock !== undefined) {
        lock.expiry = setTimeout(() => this.locks.delete(roomId), this.emptyLockTtlMs);
        lock.expiry.unref();
      }
    }
    return true;
  }

  async members(roomId: string): Promise<Seat[]> {
    const room = this.rooms.get(roomId);
    return room ? [...room].map(([userId, socketId]) => ({ userId, socketId })) : [];
  }

  async size(): Promise<number> {
    return this.rooms.size;
  }

  async ready(): Promise<boolean> {
    return true;
  }

  async lockOf(roomId: string, userId: string) {
    const stored = this.locks.get(roomId);
    if (stored === undefined) return { lock: null, admitted: false };
    return { lock: { passcode: stored.passcode }, admitted: stored.admitted.includes(userId) };
  }

  async setLock(roomId: string, seat: Seat, lock: RoomLock | null): Promise<LockState | null> {
    const room = this.rooms.get(roomId);
    if (room?.get(seat.userId) !== seat.socketId) return null;
    if (lock === null) this.locks.delete(roomId);
    else {
      const stored = this.locks.get(roomId) ?? { passcode: null, admitted: [] };
      stored.passcode = lock.passcode;
      admit(stored, [...room.keys()], room);
      this.locks.set(roomId, stored);
    }
    return this.stateOf(roomId);
  }

  async takePasscodeTry(roomId: string, address: string, limits: TryLimits): Promise<boolean> {
    const now = Date.now();
    const counts = [
      [this.tryCount(`room:${roomId}`, now, limits.windowMs), limits.perRoom],
      [this.tryCount(`addr:${address}`, now, limits.windowMs), limits.perAddress],
    ] as const;
    if (counts.some(([tally, limit]) => tally.count >= limit)) return false;
    for (const [tally] of counts) tally.count += 1;
    return true;
  }

  async refundPasscodeTry(roomId: string, address: string): Promise<void> {
    for (const key of [`room:${roomId}`, `addr:${address}`]) {
      const tally = this.tries.get(key);
      if (tally !== undefined && tally.count > 0) tally.count -= 1;
    }
  }

  private tryCount(key: string, now: number, windowMs: number): TryCount {
    // Spent windows go as they are met, and all of them whenever the map grows large.
    if (this.tries.size > 10_000) {
      for (const [k, tally] of this.tries) if (tally.resetAt <= now) this.tries.delete(k);
    }
    let tally = this.tries.get(key);
    if (tally === undefined || tally.resetAt <= now) {
      tally = { count: 0, resetAt: now + windowMs };
      this.tries.set(key, tally);
    }
    return tally;
  }

  private stateOf(roomId: string): LockState {
    const lock = this.locks.get(roomId);
    return { locked: lock !== undefined, hasPasscode: (lock?.passcode ?? null) !== null };
  }
}

/** Adds userIds to the admitted list, dropping the oldest ones not seated past MAX_ADMITTED. */
function admit(lock: StoredLock, userIds: string[], room: Map<string, string>): void {
  for (const userId of userIds) if (!lock.admitted.includes(userId)) lock.admitted.push(userId);
  while (lock.admitted.length > MAX_ADMITTED) {
    const index = lock.admitted.findIndex((userId) => !room.has(userId));
    if (index < 0) break;
    lock.admitted.splice(index, 1);
  }
}
