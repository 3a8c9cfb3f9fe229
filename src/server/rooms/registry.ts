// Who holds which seat in which room, and which rooms are locked. Async and injected, so a shared
// (Redis) registry can serve a cluster of nodes while tests and single-node runs use the
// in-memory one.

/** A seat is held by a user (stable across reconnects) through one socket at a time. */
export interface Seat {
  userId: string;
  socketId: string;
}

/** A passcode as stored: scrypt of it with `salt`, both hex. Never the passcode itself. */
export interface PasscodeRecord {
  salt: string;
  hash: string;
}

/** A locked room: who may enter without knocking, and the passcode that also opens it. */
export interface RoomLock {
  passcode: PasscodeRecord | null;
}

export interface LockState {
  locked: boolean;
  hasPasscode: boolean;
}

/** How a joiner passes a room's lock (beyond having been admitted before). */
export interface JoinGrant {
  /** A member admitted this joiner's knock. */
  admitted?: boolean;
  /**
   * The joiner's passcode matched this stored hash (the caller compared it in constant time);
   * it admits only while the lock still has that hash.
   */
  passcodeHash?: string;
  /** An open room gets locked with this passcode by the join. */
  lockWith?: PasscodeRecord;
}

export type JoinResult =
  | {
      kind: 'joined';
      /** Members in the room, the joiner included. */
      userNum: number;
      /** userIds of the other members. */
      peers: string[];
      /** Set when the joiner's userId already held a seat through this other socket. */
      replacedSocketId?: string;
      lock: LockState;
      /** The join locked the room (`lockWith`). */
      lockedNow?: boolean;
    }
  | { kind: 'full'; userNum: number }
  /** Locked, and the joiner is neither admitted before nor let in by its grant. */
  | { kind: 'locked' };

/** Wrong passcodes allowed per room and per client address within `windowMs`. */
export interface TryLimits {
  perRoom: number;
  perAddress: number;
  windowMs: number;
}

export interface RoomRegistry {
  /**
   * Seats `seat` in `roomId` unless the room is locked against it or already has `capacity`
   * members. A userId that already holds a seat takes it over with the new socket, without
   * counting against capacity. Whoever is seated in a locked room is admitted to it.
   */
  join(roomId: string, seat: Seat, capacity: number, grant?: JoinGrant): Promise<JoinResult>;
  /** Frees the user's seat only if `socketId` still holds it; true when it did. */
  leave(roomId: string, userId: string, socketId: string): Promise<boolean>;
  /** Seats in join order; empty for a room that does not exist. */
  members(roomId: string): Promise<Seat[]>;
  /** Rooms with at least one member. */
  size(): Promise<number>;
  /** Whether the registry can serve joins now (false while a shared store is unreachable). */
  ready(): Promise<boolean>;
  /**
   * The room's lock (null: open), and whether `userId` was admitted to it before. A locked room
   * whose last member left keeps its lock for EMPTY_LOCK_TTL_MS, so members who reload or
   * reconnect find it locked still.
   */
  lockOf(roomId: string, userId: string): Promise<{ lock: RoomLock | null; admitted: boolean }>;
  /**
   * Locks the room (`lock`) or opens it (null), if `seat` holds a seat in it; the members seated
   * now are admitted. Null when `seat` is not a member.
   */
  setLock(roomId: string, seat: Seat, lock: RoomLock | null): Promise<LockState | null>;
  /**
   * Counts one passcode try against the room and the address; false (nothing counted) when
   * either has used up its limit within the window.
   */
  takePasscodeTry(roomId: string, address: string, limits: TryLimits): Promise<boolean>;
  /** Gives back a try that turned out right, so only wrong passcodes use up the limit. */
  refundPasscodeTry(roomId: string, address: string): Promise<void>;
}

/** How long a locked room's lock outlives its last member. */
export const EMPTY_LOCK_TTL_MS = 5 * 60_000;
/** Admitted userIds remembered per locked room; the oldest not seated go first. */
export const MAX_ADMITTED = 64;
