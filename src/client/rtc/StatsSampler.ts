// Polls getStats() once a second while a connection exists and publishes the derived numbers.
import type { StatsStoreApi } from '../store/statsStore';
import { deriveStats, readSample, type StatsEntry, type StatsSample } from './stats';

const INTERVAL_MS = 1000;

export class StatsSampler {
  private pc: RTCPeerConnection | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private previous: StatsSample | null = null;

  constructor(private readonly store: StatsStoreApi) {}

  attach(pc: RTCPeerConnection | null): void {
    clearInterval(this.timer);
    this.pc = pc;
    this.previous = null;
    this.store.getState().cleared();
    if (pc) this.timer = setInterval(() => void this.sample(pc), INTERVAL_MS);
  }

  private async sample(pc: RTCPeerConnection): Promise<void> {
    let report: RTCStatsReport;
    try {
      report = await pc.getStats();
    } catch {
      return; // closed meanwhile
    }
    if (pc !== this.pc) return;
    const current = readSample(report.values() as Iterable<StatsEntry>, performance.now());
    this.store.getState().sampled(deriveStats(this.previous, current));
    this.previous = current;
  }
}
