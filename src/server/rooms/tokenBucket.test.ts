import { describe, expect, it } from 'vitest';
import { TokenBucket } from './tokenBucket.js';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    const bucket = new TokenBucket(10, 20, 0);
    const taken = Array.from({ length: 25 }, () => bucket.take(0)).filter(Boolean).length;
    expect(taken).toBe(20);
    expect(bucket.take(50)).toBe(false); // half a token
    expect(bucket.take(100)).toBe(true); // one token after 100 ms at 10/s
    expect(bucket.take(100)).toBe(false);
  });

  it('never stores more than the burst', () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect([1, 2, 3].map(() => bucket.take(60_000))).toEqual([true, true, false]);
  });
});
