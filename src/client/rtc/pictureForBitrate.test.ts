import { describe, expect, it, vi } from 'vitest';
import { createStatsStore } from '../store/statsStore';
import type { PeerSession } from './PeerSession';
import { bitrateWidthCap, PictureForBitrate, widthForKbps } from './pictureForBitrate';
import type { CallStats } from './stats';

describe('widthForKbps', () => {
  it('gives 640 px under 600 kbit/s, 960 under 1,200, no cap above', () => {
    expect(widthForKbps(300)).toBe(640);
    expect(widthForKbps(599)).toBe(640);
    expect(widthForKbps(600)).toBe(960);
    expect(widthForKbps(1199)).toBe(960);
    expect(widthForKbps(1200)).toBe(Infinity);
    expect(widthForKbps(5000)).toBe(Infinity);
  });
});

describe('bitrateWidthCap', () => {
  it('narrows after three seconds of a lower estimate, to the widest those seconds allow', () => {
    expect(bitrateWidthCap([450, 480], Infinity)).toBe(Infinity);
    expect(bitrateWidthCap([450, 480, 470], Infinity)).toBe(640);
    expect(bitrateWidthCap([450, 900, 470], Infinity)).toBe(960);
    expect(bitrateWidthCap([450, 2000, 470], Infinity)).toBe(Infinity);
    expect(bitrateWidthCap([900, 1000, 800], 640)).toBe(640);
  });

  it('widens after five seconds past the step by a quarter, not at the bound', () => {
    expect(bitrateWidthCap([1600, 1600, 1600, 1600], 640)).toBe(640);
    expect(bitrateWidthCap([1600, 1600, 1600, 1600, 1600], 640)).toBe(Infinity);
    expect(bitrateWidthCap([800, 800, 800, 800, 800], 640)).toBe(960);
    // Just past 600: still 640, or the encoder would switch at every wobble of the estimate.
    expect(bitrateWidthCap([700, 700, 700, 700, 700], 640)).toBe(640);
    expect(bitrateWidthCap([1600, 1600, 700, 1600, 1600], 640)).toBe(640);
  });

  it('keeps the cap while the estimate is not reported', () => {
    expect(bitrateWidthCap([null, null, null, null, null], Infinity)).toBe(Infinity);
    expect(bitrateWidthCap([450, null, 470], Infinity)).toBe(Infinity);
    expect(bitrateWidthCap([2000, 2000, 2000, 2000, null], 640)).toBe(640);
  });
});

const sample = (availableOutgoingKbps: number | null, sendFps = 20) =>
  ({ availableOutgoingKbps, sendFps }) as CallStats;

describe('PictureForBitrate', () => {
  it('caps the picture on a thin line and lifts the cap once the line is wide again', () => {
    const store = createStatsStore();
    const watch = new PictureForBitrate(store);
    const session = { capSentWidth: vi.fn(async () => {}) };
    watch.follow(session as unknown as PeerSession);
    const feed = (seconds: number, kbps: number | null, fps = 20) => {
      for (let i = 0; i < seconds; i++) store.getState().sampled(sample(kbps, fps));
    };
    // A connection's estimate starts low and ramps up once video flows: not judged before ten
    // seconds of it.
    feed(5, 300, 0);
    feed(10, 450);
    expect(session.capSentWidth).not.toHaveBeenCalled();
    feed(10, 3000);
    expect(session.capSentWidth).not.toHaveBeenCalled();
    feed(3, 450);
    expect(session.capSentWidth).toHaveBeenLastCalledWith('bitrate', 640);
    feed(10, 500);
    expect(session.capSentWidth).toHaveBeenCalledTimes(1);
    feed(5, 3000);
    expect(session.capSentWidth).toHaveBeenLastCalledWith('bitrate', Infinity);
    // A new connection starts with no cap and judges afresh.
    const second = { capSentWidth: vi.fn(async () => {}) };
    watch.follow(second as unknown as PeerSession);
    feed(10, 450);
    expect(second.capSentWidth).not.toHaveBeenCalled();
    feed(3, 450);
    expect(second.capSentWidth).toHaveBeenLastCalledWith('bitrate', 640);
    watch.dispose();
    feed(10, 3000);
    expect(second.capSentWidth).toHaveBeenCalledTimes(1);
  });
});
