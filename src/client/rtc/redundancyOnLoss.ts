// When to switch a call's audio to redundancy (RED; see audioRedundancy.ts): once its line keeps
// losing packets, judged from the stats samples the call already takes once a second.
import type { StatsStoreApi } from '../store/statsStore';
import type { PeerSession } from './PeerSession';

/**
 * Seconds of stats samples a line is judged over. The polite side waits longer, so that when both
 * sides see the loss the impolite one alone renegotiates (no glare), and the polite one only
 * when the loss is on its side of the line alone.
 */
export const lossWindow = (polite: boolean) => (polite ? 8 : 5);
/** Mean loss, in percent of packets received, from which a line is lossy (the quality badge's Fair). */
export const LOSSY_PERCENT = 2;

/**
 * Whether the last `window` loss figures (percent a second; null: nothing received) show a lossy
 * line: loss in every second, LOSSY_PERCENT or more on average. A congested line loses packets in
 * a burst of a second or two, until the sender's bandwidth estimate comes down: redundancy would
 * only add to its load.
 */
export function lineIsLossy(recent: readonly (number | null)[], window: number): boolean {
  const last = recent.slice(-window);
  if (last.length < window || last.some((loss) => loss === null || loss <= 0)) return false;
  const mean = (last as number[]).reduce((sum, loss) => sum + loss, 0) / window;
  return mean >= LOSSY_PERCENT;
}

/** Watches the call's loss (from the stats samples) and switches its audio to RED when the line is lossy. */
export class RedundancyOnLoss {
  private peer: PeerSession | null = null;
  private recent: (number | null)[] = [];
  private readonly unsubscribe: () => void;

  constructor(stats: StatsStoreApi) {
    this.unsubscribe = stats.subscribe(({ stats: sample }) => {
      const peer = this.peer;
      if (!sample || !peer || peer.redundantAudio) return;
      const window = lossWindow(peer.polite);
      this.recent = [...this.recent.slice(1 - window), sample.lossPercent];
      if (lineIsLossy(this.recent, window)) peer.useRedundantAudio();
    });
  }

  /** Follows the current connection (null: none); each starts without RED. */
  follow(peer: PeerSession | null): void {
    this.peer = peer;
    this.recent = [];
  }

  dispose(): void {
    this.unsubscribe();
  }
}
