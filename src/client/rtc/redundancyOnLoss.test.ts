import { describe, expect, it, vi } from 'vitest';
import { createStatsStore } from '../store/statsStore';
import type { PeerSession } from './PeerSession';
import { lineIsLossy, lossWindow, RedundancyOnLoss } from './redundancyOnLoss';
import type { CallStats } from './stats';

describe('lineIsLossy', () => {
  it('is lossy with loss in every second of the window and 2 % or more on average', () => {
    expect(lineIsLossy([5, 4, 6, 5, 5], 5)).toBe(true);
    expect(lineIsLossy([9, 1, 0.5, 0.5, 0.5], 5)).toBe(true);
  });

  it('is not lossy below 2 % on average', () => {
    expect(lineIsLossy([1, 2, 1, 2, 1.9], 5)).toBe(false);
  });

  it('is not lossy after a burst of a second or two (a congested line settling)', () => {
    expect(lineIsLossy([0, 30, 12, 0, 0], 5)).toBe(false);
  });

  it('waits for a whole window, and for seconds with packets in them', () => {
    expect(lineIsLossy([5, 5, 5, 5], 5)).toBe(false);
    expect(lineIsLossy([5, 5, null, 5, 5], 5)).toBe(false);
  });

  it('judges the last seconds only', () => {
    expect(lineIsLossy([0, 0, 0, 5, 5, 5, 5, 5], 5)).toBe(true);
  });
});

const sample = (lossPercent: number | null) => ({ lossPercent }) as CallStats;

function peer(polite: boolean) {
  const session = { polite, redundantAudio: false, useRedundantAudio: vi.fn() };
  session.useRedundantAudio.mockImplementation(() => (session.redundantAudio = true));
  return session;
}

/** A watch on a real stats store, following a stand-in connection; feed(n) samples n seconds of 6 % loss. */
function watching(polite: boolean) {
  const store = createStatsStore();
  const watch = new RedundancyOnLoss(store);
  const session = peer(polite);
  watch.follow(session as unknown as PeerSession);
  const feed = (seconds: number) => {
    for (let i = 0; i < seconds; i++) store.getState().sampled(sample(6));
  };
  return { watch, session, feed };
}

describe('RedundancyOnLoss', () => {
  it('switches the impolite side after its window of loss, and once', () => {
    const { watch, session, feed } = watching(false);
    feed(lossWindow(false) - 1);
    expect(session.useRedundantAudio).not.toHaveBeenCalled();
    feed(1);
    expect(session.useRedundantAudio).toHaveBeenCalledTimes(1);
    feed(10);
    expect(session.useRedundantAudio).toHaveBeenCalledTimes(1);
    watch.dispose();
  });

  it('gives the polite side a longer window, so the impolite side renegotiates first', () => {
    expect(lossWindow(true)).toBeGreaterThan(lossWindow(false));
    const { watch, session, feed } = watching(true);
    feed(lossWindow(false));
    expect(session.useRedundantAudio).not.toHaveBeenCalled();
    feed(lossWindow(true) - lossWindow(false));
    expect(session.useRedundantAudio).toHaveBeenCalledTimes(1);
    watch.dispose();
  });

  it('starts counting again on a new connection, and stops when disposed', () => {
    const { watch, feed } = watching(false);
    feed(lossWindow(false) - 1);
    const second = peer(false);
    watch.follow(second as unknown as PeerSession);
    feed(1);
    expect(second.useRedundantAudio).not.toHaveBeenCalled();
    watch.dispose();
    feed(10);
    expect(second.useRedundantAudio).not.toHaveBeenCalled();
  });
});
