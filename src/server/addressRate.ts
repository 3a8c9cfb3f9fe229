// Per client address rates (handshakes, joins, passcode checks): a token bucket per address, so
// a crowd behind one NAT gets in at once (the burst) while a flood from one address is held to
// the rate. Addresses whose bucket has refilled are forgotten.
import { TokenBucket } from './rooms/tokenBucket.js';

interface Entry {
  bucket: TokenBucket;
  lastMs: number;
}

export class AddressRate {
  private readonly buckets = new Map<string, Entry>();
  /** After this long untouched a bucket is full again: the entry can go. */
  private readonly refillMs: number;
  private lastPruneMs = 0;

  /** `ratePerSec` 0 turns the limit off. */
  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
  ) {
    this.refillMs = ratePerSec > 0 ? (burst / ratePerSec) * 1000 : 0;
  }

  /** Takes one event for `address`; false when it is over its rate (refuse the event). */
  take(address: string, nowMs: number = performance.now()): boolean {
    if (this.ratePerSec <= 0) return true;
    this.prune(nowMs);
    let entry = this.buckets.get(address);
    if (entry === undefined) {
      entry = { bucket: new TokenBucket(this.ratePerSec, this.burst, nowMs), lastMs: nowMs };
      this.buckets.set(address, entry);
    }
    entry.lastMs = nowMs;
    return entry.bucket.take(nowMs);
  }

  /** Whether take() would let an event of `address` through now (nothing is taken). */
  allows(address: string, nowMs: number = performance.now()): boolean {
    if (this.ratePerSec <= 0) return true;
    return this.buckets.get(address)?.bucket.has(nowMs) ?? true;
  }

  /** Addresses with a bucket not yet refilled. */
  get addresses(): number {
    return this.buckets.size;
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < Math.max(1000, this.refillMs)) return;
    this.lastPruneMs = nowMs;
    for (const [address, entry] of this.buckets) {
      if (nowMs - entry.lastMs >= this.refillMs) this.buckets.delete(address);
    }
  }
}
