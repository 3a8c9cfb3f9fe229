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
 * Events answered `error` (bad input, not a member, joins over JOIN_RATE) within ABUSE_WINDOW_MS
 * that get a socket cut off. Fewer than drops: each costs an answer, and no client that works
 * gets this many refusals in a row.
 */
export const MAX_REFUSALS = 20;

/**
 * A token bucket (`ratePerSec`, bursts of twice that) plus an abuse rule: a socket that gets more
 * than abuseDrops() events dropped within ABUSE_WINDOW_MS (i.e. keeps sending at
 * about twice the rate or more) is not a confused client but a flood, and is cut off ('cut')
 * instead of being answered forever. The same goes for a socket whose events keep being refused
 * (refuse()).
 */
export class RateGate {
  private readonly bucket: TokenBucket;
  private readonly maxDrops: number;
  private windowStart = 0;
  private drops = 0;
  private refusalsStart = 0;
  private refusals = 0;

  constructor(ratePerSec: number, nowMs: number = performance.now()) {
    const burst = Math.max(1, 2 * ratePerSec);
    this.bucket = new TokenBucket(ratePerSec, burst, nowMs);
    this.maxDrops = abuseDrops(ratePerSec);
    this.windowStart = nowMs;
    this.refusalsStart = nowMs;
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

  /** An event that passed the rate but was refused: 'cut' once they are too many to be a mistake. */
  refuse(nowMs: number = performance.now()): 'answer' | 'cut' {
    if (nowMs - this.refusalsStart > ABUSE_WINDOW_MS) {
      this.refusalsStart = nowMs;
      this.refusals = 0;
    }
    this.refusals += 1;
    return this.refusals > MAX_REFUSALS ? 'cut' : 'answer';
  }
}
