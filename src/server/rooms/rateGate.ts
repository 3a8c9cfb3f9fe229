// MESSAGE_RATE per socket, and what happens to a socket that keeps flooding past it.
import { TokenBucket } from './tokenBucket.js';

/** Drops counted over this window decide whether a socket is abusive. */
export const ABUSE_WINDOW_MS = 2_000;
/**
 * Bursts' worth of dropped events within ABUSE_WINDOW_MS that get a socket cut off. Short, because
 * until it is cut a flood costs the server every event it reads.
 */
export const ABUSE_BURSTS = 1;
/** At a low MESSAGE_RATE one burst is a handful of events; a client is never cut for fewer drops. */
export const MIN_ABUSE_DROPS = 20;

/** Dropped events within ABUSE_WINDOW_MS that get a socket cut off. */
export function abuseDrops(ratePerSec: number): number {
  return Math.max(MIN_ABUSE_DROPS, ABUSE_BURSTS * Math.max(1, 2 * ratePerSec));
}

export type GateVerdict = 'pass' | 'drop' | 'cut';

/**
 * A token bucket (`ratePerSec`, bursts of twice that) plus an abuse rule: a socket that gets more
 * than abuseDrops() events dropped within ABUSE_WINDOW_MS (i.e. keeps sending at
 * about twice the rate or more) is not a confused client but a flood, and is cut off ('cut')
 * instead of being answered forever.
 */
export class RateGate {
  private readonly bucket: TokenBucket;
  private readonly maxDrops: number;
  private windowStart = 0;
  private drops = 0;

  constructor(ratePerSec: number, nowMs: number = performance.now()) {
    const burst = Math.max(1, 2 * ratePerSec);
    this.bucket = new TokenBucket(ratePerSec, burst, nowMs);
    this.maxDrops = abuseDrops(ratePerSec);
    this.windowStart = nowMs;
  }

  check(nowMs: number = performance.now()): GateVerdict {
    if (this.bucket.take(nowMs)) return 'pass';
    if (nowMs - this.windowStart > ABUSE_WINDOW_MS) {
      this.windowStart = nowMs;
      this.drops = 0;
    }
    this.drops += 1;
    return this.drops > this.maxDrops ? 'cut' : 'drop';
  }

  /** Drops in the current run (the first one of a run is logged). */
  get dropsInWindow(): number {
    return this.drops;
  }
}
