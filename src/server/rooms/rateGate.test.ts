import { describe, expect, it } from 'vitest';
import { ABUSE_BURSTS, ABUSE_WINDOW_MS, RateGate } from './rateGate.js';

describe('RateGate', () => {
  it('passes a burst, drops past it, and cuts after ABUSE_BURSTS bursts of drops', () => {
    const gate = new RateGate(5, 0); // bursts of 10
    const maxDrops = ABUSE_BURSTS * 10;
    const verdicts = Array.from({ length: 10 + maxDrops + 1 }, () => gate.check(0));
    expect(verdicts.filter((v) => v === 'pass')).toHaveLength(10);
    expect(verdicts.slice(10, 10 + maxDrops)).toEqual(Array(maxDrops).fill('drop'));
    expect(verdicts.at(-1)).toBe('cut');
  });

  it('forgets old drops: a client a little over the rate is never cut', () => {
    const gate = new RateGate(10, 0);
    let now = 0;
    const verdicts: string[] = [];
    // 15 events per second for a minute: five drops a second once the burst is spent.
    for (let second = 0; second < 60; second += 1) {
      for (let i = 0; i < 15; i += 1) verdicts.push(gate.check((now += 1000 / 15)));
    }
    expect(verdicts).not.toContain('cut');
    const drops = verdicts.filter((v) => v === 'drop').length;
    expect(drops).toBeGreaterThan(200);
    expect(drops / (60_000 / ABUSE_WINDOW_MS)).toBeLessThan(ABUSE_BURSTS * 20);
  });
});
