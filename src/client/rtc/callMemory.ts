// What a tab remembers across a reload: the room it was in and whether a call was running, so
// the reloaded page rejoins and calls again by itself. Per tab (sessionStorage): a new tab or
// a closed one starts afresh.
import { normalizeRoomId } from '../../shared/roomId';

export interface RememberedCall {
  roomId: string;
  inCall: boolean;
}

export interface CallMemory {
  recall(): RememberedCall | null;
  remember(call: RememberedCall | null): void;
}

const KEY = 'duet.call';

export function tabCallMemory(
  storage: Storage | undefined = globalThis.sessionStorage,
): CallMemory {
  return {
    recall() {
      const raw = storage?.getItem(KEY);
      if (!raw) return null;
      try {
        const value = JSON.parse(raw) as Partial<RememberedCall>;
        const roomId = typeof value.roomId === 'string' ? normalizeRoomId(value.roomId) : null;
        return roomId ? { roomId, inCall: value.inCall === true } : null;
      } catch {
        return null;
      }
    },
    remember(call) {
      if (call) storage?.setItem(KEY, JSON.stringify(call));
      else storage?.removeItem(KEY);
    },
  };
}
