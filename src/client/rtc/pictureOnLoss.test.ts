import { describe, expect, it, vi } from 'vitest';
import { createStatsStore } from '../store/statsStore';
import type { PeerSession } from './PeerSession';
import { LOSSY_LINE_WIDTH, PictureOnLoss, pictureShouldShrink } from './pictureOnLoss';
import type { CallStats } from './stats';

describe('pictureShouldShrink', () => {
  it('shrinks after five seconds of heavy loss, one of them may have no loss reported', () => {
    expect(pictureShouldShrink([12, 15, 14, 13, 16], false)).toBe(true);
    expect(pictureShouldShrink([12, 15, 0, 13, 16], false)).toBe(true);
    expect(pictureShouldShrink([12, 15, 14, 13], false)).toBe(false);
  });

  it('keeps the full picture under 8 % loss on average (5 % loss is the badge’s Fair)', () => {
    expect(pictureShouldShrink([5, 5, 6, 5, 5], false)).toBe(false);
    expect(pictureShouldShrink([8, 8, 8, 8, 8], false)).toBe(true);
  });

  it('keeps the full picture after a burst of a congested line', () => {
    expect(pictureShouldShrink([0, 40, 30, 0, 0], false)).toBe(false);
  });

  it('stays small until ten reported seconds average under 2 %', () => {
    const clean = Array<number>(10).fill(0.5);
    expect(pictureShouldShrink(clean, true)).toBe(false);
    expect(pictureShouldShrink(clean.slice(1), true)).toBe(true);
    expect(pictureShouldShrink([...clean.slice(1), null], true)).toBe(true);
    expect(pictureShouldShrink([...clean.slice(1), 25], true)).toBe(true);
    expect(pictureShouldShrink([9, ...clean.slice(1).fill(0)], true)).toBe(true);
  });
});

const sample = (sentVideoLossPercent: number | null) => ({ sentVideoLossPercent }) as CallStats;

function watching() {
  const store = createStatsStore();
  const watch = new PictureOnLoss(store);
  const session = { capSentWidth: vi.fn(async () => {}) };
  watch.follow(session as unknown as PeerSession);
  const feed = (seconds: number, loss: number | null) => {
    for (let i = 0; i < seconds; i++) store.getState().sampled(sample(loss));
  };
  return { watch, session, feed };
}

describe('PictureOnLoss', () => {
  it('caps the picture once on a lossy line, and lifts the cap once it is clean', () => {
    const { watch, session, feed } = watching();
    feed(4, 15);
    expect(session.capSentWidth).not.toHaveBeenCalled();
    feed(1, 15);
    expect(session.capSentWidth).toHaveBeenCalledWith('loss', LOSSY_LINE_WIDTH);
    feed(20, 15);
    expect(session.capSentWidth).toHaveBeenCalledTimes(1);
    feed(9, 0);
    expect(session.capSentWidth).toHaveBeenCalledTimes(1);
    feed(1, 0);
    expect(session.capSentWidth).toHaveBeenLastCalledWith('loss', Infinity);
    expect(session.capSentWidth).toHaveBeenCalledTimes(2);
    watch.dispose();
  });

  it('starts afresh on a new connection, and stops when disposed', () => {
    const { watch, feed } = watching();
    feed(4, 15);
    const second = { capSentWidth: vi.fn(async () => {}) };
    watch.follow(second as unknown as PeerSession);
    feed(1, 15);
    expect(second.capSentWidth).not.toHaveBeenCalled();
    watch.dispose();
    feed(10, 15);
    expect(second.capSentWidth).not.toHaveBeenCalled();
  });
});
