import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakePage } from '../testing/fakePage';
import { createStatsStore } from '../store/statsStore';
import { StatsSampler } from './StatsSampler';
import type { StatsEntry } from './stats';

/** A connection whose getStats() reports `kbps` more bytes received every second. */
function fakeConnection(kbps: number) {
  let calls = 0;
  const getStats = vi.fn(async () => {
    const bytes = (calls++ * kbps * 1000) / 8;
    const entries: StatsEntry[] = [
      { id: 'IA', type: 'inbound-rtp', kind: 'audio', bytesReceived: bytes, packetsReceived: 0 },
    ];
    return new Map(entries.map((e) => [e.id, e])) as unknown as RTCStatsReport;
  });
  return { getStats } as unknown as RTCPeerConnection & { getStats: typeof getStats };
}

describe('StatsSampler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('publishes per-second figures from the first sample it shows', async () => {
    const store = createStatsStore();
    const pc = fakeConnection(800);
    new StatsSampler(store, fakePage(true)).attach(pc);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().stats?.receiveKbps).toBe(800);
  });

  it('polls nothing while the page is hidden and starts afresh when it is shown again', async () => {
    const store = createStatsStore();
    const pc = fakeConnection(800);
    const page = fakePage(true);
    new StatsSampler(store, page).attach(pc);
    await vi.advanceTimersByTimeAsync(2000);
    page.set(false);
    const polled = pc.getStats.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pc.getStats.mock.calls.length).toBe(polled);
    page.set(true);
    await vi.advanceTimersByTimeAsync(1000);
    // Figures over the last second, not over the ten seconds hidden.
    expect(store.getState().stats?.receiveKbps).toBe(800);
    expect(pc.getStats.mock.calls.length).toBe(polled + 2);
  });

  it('attach(null) clears the figures and stops polling', async () => {
    const store = createStatsStore();
    const pc = fakeConnection(800);
    const sampler = new StatsSampler(store, fakePage(true));
    sampler.attach(pc);
    await vi.advanceTimersByTimeAsync(1000);
    sampler.attach(null);
    expect(store.getState().stats).toBeNull();
    const polled = pc.getStats.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(pc.getStats.mock.calls.length).toBe(polled);
  });
});
