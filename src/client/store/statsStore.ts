// The latest call statistics, one sample a second while a connection to the peer exists.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { CallStats } from '../rtc/stats';

export interface StatsStore {
  stats: CallStats | null;
  sampled(stats: CallStats): void;
  cleared(): void;
}

export const createStatsStore = () =>
  createStore<StatsStore>()((set) => ({
    stats: null,
    sampled: (stats) => set({ stats }),
    cleared: () => set({ stats: null }),
  }));

export type StatsStoreApi = ReturnType<typeof createStatsStore>;

export const statsStore = createStatsStore();

export function useStatsStore<T>(selector: (state: StatsStore) => T): T {
  return useStore(statsStore, selector);
}
