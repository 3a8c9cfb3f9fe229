import { describe, expect, it } from 'vitest';
import {
  ABUSE_BURSTS,
  ABUSE_WINDOW_MS,
  MAX_REFUSALS,
  MIN_ABUSE_DROPS,
  RateGate,
  abuseDrops,
} from './rateGate.js';

describe('RateGate', () => {
  it('passes a burst, drops past it, and cuts after abuseDrops() drops', () => {
    const gate = new RateGate(50, 0); // bursts of 100
    const maxDrops = abuseDrops(50);
    expect(maxDrops).toBe(Math.max(MIN_ABUSE_DROPS, ABUSE_BURSTS * 100));
    const verdicts = Array.from({ length: 100 + maxDrops + 1 }, () => gate.check(0));
    expect(verdicts.filter((v) => v === 'pass')).toHaveLength(100);
    expect(verdicts.slice(100, 100 + maxDrops)).toEqual(Array(maxDrops).fill('drop'));
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
    expect(drops / (60_000 / ABUSE_WINDOW_MS)).toBeLessThan(abuseDrops(10));
  });

  it('never cuts a low-rate client for fewer than MIN_ABUSE_DROPS drops', () => {
    const gate = new RateGate(2, 0); // bursts of 4
    const verdicts = Array.from({ length: 4 + MIN_ABUSE_DROPS }, () => gate.check(0));
    expect(verdicts).not.toContain('cut');
    expect(gate.check(0)).toBe('cut');
  });
});

describe('RateGate refusals', () => {
  it('cuts a socket after MAX_REFUSALS refused events within the window, not before', () => {
    const gate = new RateGate(50, 0);
    const verdicts = Array.from({ length: MAX_REFUSALS + 1 }, (_, i) => gate.refuse(i));
    expect(verdicts.slice(0, MAX_REFUSALS)).toEqual(Array(MAX_REFUSALS).fill('answer'));
    expect(verdicts.at(-1)).toBe('cut');
  });

  it('forgets refusals of an earlier window: a client that errs now and then is never cut', () => {
    const gate = new RateGate(50, 0);
    let now = 0;
    for (let i = 0; i < 10 * MAX_REFUSALS; i += 1) {
      expect(gate.refuse((now += (2 * ABUSE_WINDOW_MS) / MAX_REFUSALS))).toBe('answer');
    }
  });
});
