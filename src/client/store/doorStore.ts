// The room's door as its members see it: whether it is locked, and who is knocking. Fed by
// RoomDoor (rtc/RoomDoor.ts); no socket here.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface PendingKnock {
  knockId: string;
  name: string;
  /** Date.now() after which the server has turned the knock away by itself. */
  expiresAt: number;
}

export interface DoorData {
  locked: boolean;
  hasPasscode: boolean;
  knocks: PendingKnock[];
}

export interface DoorActions {
  lockChanged(locked: boolean, hasPasscode: boolean): void;
  knocked(knock: PendingKnock): void;
  knockClosed(knockId: string): void;
  /** Left the room: nothing to show. */
  reset(): void;
}

const initial: DoorData = { locked: false, hasPasscode: false, knocks: [] };

export const createDoorStore = () =>
  createStore<DoorData & DoorActions>()((set, get) => ({
    ...initial,
    lockChanged: (locked, hasPasscode) => set({ locked, hasPasscode }),
    knocked: (knock) => {
      if (get().knocks.some((k) => k.knockId === knock.knockId)) return;
      set({ knocks: [...get().knocks, knock] });
    },
    knockClosed: (knockId) => set({ knocks: get().knocks.filter((k) => k.knockId !== knockId) }),
    reset: () => set({ ...initial }),
  }));

export type DoorStoreApi = ReturnType<typeof createDoorStore>;

export const doorStore = createDoorStore();

export function useDoorStore<T>(selector: (state: DoorData & DoorActions) => T): T {
  return useStore(doorStore, selector);
}
