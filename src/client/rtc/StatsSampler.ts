// Polls getStats() once a second while a connection exists and the page is visible, and
// publishes the derived numbers. A hidden tab shows neither the badge nor the panel: no polling.
import type { StatsStoreApi } from '../store/statsStore';
import { followVisibility, type VisibilitySource } from './pageVisibility';
import { deriveStats, readSample, type StatsEntry, type StatsSample } from './stats';

const INTERVAL_MS = 1000;

export class StatsSampler {
  private pc: RTCPeerConnection | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private previous: StatsSample | null = null;
  private unfollow: (() => void) | null = null;

  constructor(
    private readonly store: StatsStoreApi,
    private readonly page: VisibilitySource | undefined = globalThis.document,
  ) {}

  attach(pc: RTCPeerConnection | null): void {
    this.pause();
    this.unfollow?.();
    this.unfollow = null;
    this.pc = pc;
    this.store.getState().cleared();
    if (!pc) return;
    if (!this.page) this.resume(pc);
    else this.unfollow = followVisibility(this.page, (visible) => this.follow(pc, visible));
  }

  private follow(pc: RTCPeerConnection, visible: boolean): void {
    if (visible) this.resume(pc);
    else this.pause();
  }

  private pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Starts from a sample that is kept, not shown: rates over the time the tab was hidden would
   * describe the past, and the first figures shown are already per second.
   */
  private resume(pc: RTCPeerConnection): void {
    this.pause();
    this.previous = null;
    void this.sample(pc, false);
    this.timer = setInterval(() => void this.sample(pc, true), INTERVAL_MS);
  }

  private async sample(pc: RTCPeerConnection, publish: boolean): Promise<void> {
    let report: RTCStatsReport;
    try {
      report = await pc.getStats();
    } catch {
      return; // closed meanwhile
    }
    if (pc !== this.pc) return;
    const current = readSample(report.values() as Iterable<StatsEntry>, performance.now());
    if (publish) this.store.getState().sampled(deriveStats(this.previous, current));
    this.previous = current;
  }
}
