// When to send a smaller camera picture: on a line that keeps losing much of the video we send.
// Each frame of a bigger picture travels in more packets, so more of its frames need a packet
// sent again, and now and then one comes too late: the other side's picture freezes. In the
// network lab at 15 % loss, 1280×720 froze now and then where 640×360 did not, at much the same
// bitrate (docs/network-lab.md). libwebrtc lowers the resolution by itself when the bitrate gets
// too low for the picture, not for loss. Judged from the other side's reports of what we send,
// so each side judges its own way out.
import type { StatsStoreApi } from '../store/statsStore';
import type { PeerSession } from './PeerSession';

/** Widest camera picture sent on a lossy line. */
export const LOSSY_LINE_WIDTH = 640;
/** Seconds judged before shrinking, and the mean loss from which a line is lossy (the badge's Poor). */
const SHRINK_WINDOW = 5;
const SHRINK_PERCENT = 8;
/** Seconds judged before growing back, and the mean loss under which a line is clean (Good). */
const GROW_WINDOW = 10;
const GROW_PERCENT = 2;

const mean = (values: readonly (number | null)[]) =>
  values.reduce<number>((sum, value) => sum + (value ?? 0), 0) / values.length;

/**
 * Whether the picture should be (or stay) small, given the last seconds' loss of the video sent
 * (percent a second; null: no report) and whether it is small now. It shrinks after SHRINK_WINDOW
 * seconds with loss in all but one of them and SHRINK_PERCENT or more on average: a congested line
 * loses packets for a second or two, until the sender's bandwidth estimate comes down. It grows
 * back after GROW_WINDOW reported seconds under GROW_PERCENT on average, none of them lossy.
 */
export function pictureShouldShrink(recent: readonly (number | null)[], small: boolean): boolean {
  if (!small) {
    const last = recent.slice(-SHRINK_WINDOW);
    if (last.length < SHRINK_WINDOW) return false;
    const lossy = last.filter((loss) => loss !== null && loss > 0).length;
    return lossy >= SHRINK_WINDOW - 1 && mean(last) >= SHRINK_PERCENT;
  }
  const last = recent.slice(-GROW_WINDOW);
  if (last.length < GROW_WINDOW || last.some((loss) => loss === null)) return true;
  return mean(last) >= GROW_PERCENT || last.some((loss) => loss! >= SHRINK_PERCENT);
}

/** Watches the loss of the video sent (from the stats samples) and caps the picture while it is high. */
export class PictureOnLoss {
  private peer: PeerSession | null = null;
  private recent: (number | null)[] = [];
  private small = false;
  private readonly unsubscribe: () => void;

  constructor(stats: StatsStoreApi) {
    this.unsubscribe = stats.subscribe(({ stats: sample }) => {
      const peer = this.peer;
      if (!sample || !peer) return;
      this.recent = [...this.recent.slice(1 - GROW_WINDOW), sample.sentVideoLossPercent];
      const small = pictureShouldShrink(this.recent, this.small);
      if (small === this.small) return;
      this.small = small;
      void peer.capSentWidth('loss', small ? LOSSY_LINE_WIDTH : Infinity);
    });
  }

  /** Follows the current connection (null: none); each starts with the full picture. */
  follow(peer: PeerSession | null): void {
    this.peer = peer;
    this.recent = [];
    this.small = false;
  }

  dispose(): void {
    this.unsubscribe();
  }
}
