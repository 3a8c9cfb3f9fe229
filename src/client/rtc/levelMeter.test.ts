import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakePage } from '../testing/fakePage';
import { LevelLoop, levelOf, levelPercent } from './levelMeter';

describe('levelOf', () => {
  it('is 0 for silence', () => expect(levelOf(new Uint8Array(256).fill(128))).toBe(0));
  it('is 0 for no samples', () => expect(levelOf(new Uint8Array(0))).toBe(0));
  it('rises with loudness and stays within 1', () => {
    const quiet = Uint8Array.from({ length: 256 }, (_, i) => 128 + Math.round(8 * Math.sin(i / 4)));
    const loud = Uint8Array.from(
      { length: 256 },
      (_, i) => 128 + Math.round(100 * Math.sin(i / 4)),
    );
    expect(levelOf(quiet)).toBeGreaterThan(0);
    expect(levelOf(loud)).toBeGreaterThan(levelOf(quiet));
    expect(levelOf(loud)).toBeLessThanOrEqual(1);
  });
});

describe('levelPercent', () => {
  it('rounds to steps of 5 within 0..100', () => {
    expect([0, 0.02, 0.03, 0.42, 0.99, 1.4, -1].map(levelPercent)).toEqual([
      0, 0, 5, 40, 100, 100, 0,
    ]);
  });
});

describe('LevelLoop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp(levels: (number | null)[], visible = true) {
    const meter = { level: vi.fn(() => (levels.length > 0 ? levels.shift()! : 0)), pause: vi.fn() };
    const shown: (number | null)[] = [];
    const page = fakePage(visible);
    const loop = new LevelLoop(meter, (percent) => shown.push(percent), page);
    return { meter, shown, page, loop };
  }

  it('shows the level ten times a second, but only when it changed', () => {
    const { shown, loop } = setUp([0.5, 0.5, 0.51, 0.3, 0, 0, 0, 0]);
    loop.start();
    vi.advanceTimersByTime(700);
    expect(shown).toEqual([50, 30, 0]);
    loop.stop();
  });

  it('shows null while the meter hears nothing yet (no audio output, or before a gesture)', () => {
    const { shown, loop } = setUp([null, null, 0, 0.4]);
    loop.start();
    vi.advanceTimersByTime(300);
    expect(shown).toEqual([null, 0, 40]);
    loop.stop();
  });

  it('reads nothing while the page is hidden, pauses the meter, and starts again when shown', () => {
    const { meter, shown, page, loop } = setUp([0.2, 0.4, 0.6], false);
    loop.start();
    vi.advanceTimersByTime(1000);
    expect(meter.level).not.toHaveBeenCalled();
    expect(meter.pause).toHaveBeenCalledTimes(1);
    page.set(true);
    expect(shown).toEqual([20]);
    vi.advanceTimersByTime(100);
    expect(shown).toEqual([20, 40]);
    page.set(false);
    vi.advanceTimersByTime(1000);
    expect(meter.level).toHaveBeenCalledTimes(2);
    expect(meter.pause).toHaveBeenCalledTimes(2);
    loop.stop();
  });

  it('stop() ends the sampling and the following of visibility', () => {
    const { meter, page, loop } = setUp([0.1, 0.2, 0.3]);
    loop.start();
    loop.stop();
    page.set(false);
    page.set(true);
    vi.advanceTimersByTime(1000);
    expect(meter.level).toHaveBeenCalledTimes(1);
    expect(meter.pause).not.toHaveBeenCalled();
  });
});
