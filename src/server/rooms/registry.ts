// Who holds which seat in which room. Async and injected, so a shared (Redis) registry can serve
// a cluster of nodes while tests and single-node runs use the in-memory one.

/** A seat is held by a user (stable across reconnects) through one socket at a time. */
export interface Seat {
  userId: string;
  socketId: string;
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
    }
  | { kind: 'full'; userNum: number };

export interface RoomRegistry {
  /**
   * Seats `seat` in `roomId` unless the room already has `capacity` members. A userId that
   * already holds a seat takes it over with the new socket, without counting against capacity.
   */
  join(roomId: string, seat: Seat, capacity: number): Promise<JoinResult>;
  /** Frees the user's seat only if `socketId` still holds it; true when it did. */
  leave(roomId: string, userId: string, socketId: string): Promise<boolean>;
  /** Seats in join order; empty for a room that does not exist. */
  members(roomId: string): Promise<Seat[]>;
  /** Rooms with at least one member. */
  size(): Promise<number>;
  /** Whether the registry can serve joins now (false while a shared store is unreachable). */
  ready(): Promise<boolean>;
}
