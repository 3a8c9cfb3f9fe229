// Single-node room registry. Each method finishes in one synchronous step, so concurrent calls
// cannot interleave inside a check-then-update.
import type { JoinResult, RoomRegistry, Seat } from './registry.js';

export class MemoryRoomRegistry implements RoomRegistry {
  /** roomId → (userId → socketId); Map order is join order. Empty rooms are deleted. */
  private readonly rooms = new Map<string, Map<string, string>>();

  async join(roomId: string, seat: Seat, capacity: number): Promise<JoinResult> {
    const room = this.rooms.get(roomId) ?? new Map<string, string>();
    const holder = room.get(seat.userId);
    if (holder === undefined && room.size >= capacity) return { kind: 'full', userNum: room.size };

    room.set(seat.userId, seat.socketId);
    this.rooms.set(roomId, room);
    const peers = [...room.keys()].filter((userId) => userId !== seat.userId);
    const replaced = holder !== undefined && holder !== seat.socketId;
    return {
      kind: 'joined',
      userNum: room.size,
      peers,
      ...(replaced ? { replacedSocketId: holder } : {}),
    };
  }

  async leave(roomId: string, userId: string, socketId: string): Promise<boolean> {
    const room = this.rooms.get(roomId);
    if (room?.get(userId) !== socketId) return false;
    room.delete(userId);
    if (room.size === 0) this.rooms.delete(roomId);
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
}
