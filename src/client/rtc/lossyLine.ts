// What a call does on a line that keeps losing packets: its audio switches to redundancy
// (redundancyOnLoss.ts) and its camera picture gets smaller (pictureOnLoss.ts). Loaded apart from
// the first screen: it matters only once a call is on a lossy line.
import type { StatsStoreApi } from '../store/statsStore';
import type { PeerSession } from './PeerSession';
import { PictureOnLoss } from './pictureOnLoss';
import { RedundancyOnLoss } from './redundancyOnLoss';

export class LossyLine {
  private readonly watches: Array<RedundancyOnLoss | PictureOnLoss>;

  constructor(stats: StatsStoreApi) {
    this.watches = [new RedundancyOnLoss(stats), new PictureOnLoss(stats)];
  }

  /** Follows the current connection (null: none). */
  follow(peer: PeerSession | null): void {
    for (const watch of this.watches) watch.follow(peer);
  }

  dispose(): void {
    for (const watch of this.watches) watch.dispose();
  }
}
