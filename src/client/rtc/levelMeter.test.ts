import { describe, expect, it } from 'vitest';
import { levelOf } from './levelMeter';

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
