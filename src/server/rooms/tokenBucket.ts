/** Allows `ratePerSec` events per second on average and bursts of up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    nowMs: number = performance.now(),
  ) {
    this.tokens = burst;
    this.last = nowMs;
  }

  /** Takes one token; false when none is left (drop the event). */
  take(nowMs: number = performance.now()): boolean {
    if (!this.has(nowMs)) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether a token is there to take, without taking it. */
  has(nowMs: number = performance.now()): boolean {
    const elapsedSec = Math.max(0, nowMs - this.last) / 1000;
    this.last = nowMs;
    this.tokens = Math.min(this.burst, this.tokens + elapsedSec * this.ratePerSec);
    return this.tokens >= 1;
  }
}
