// What a call does about its line, judged from the stats samples: on a line that keeps losing
// packets its audio switches to redundancy (redundancyOnLoss.ts) and its camera picture gets
// smaller (pictureOnLoss.ts); on a thin line the picture fits the bitrate (pictureForBitrate.ts).
// Loaded apart from the first screen.
import type { StatsStoreApi } from '../store/statsStore';
import type { PeerSession } from './PeerSession';
import { PictureForBitrate } from './pictureForBitrate';
import { PictureOnLoss } from './pictureOnLoss';
import { RedundancyOnLoss } from './redundancyOnLoss';

export class LineWatch {
  private readonly watches: Array<RedundancyOnLoss | PictureOnLoss | PictureForBitrate>;

  constructor(stats: StatsStoreApi) {
    this.watches = [
      new RedundancyOnLoss(stats),
      new PictureOnLoss(stats),
      new PictureForBitrate(stats),
    ];
  }

  /** Follows the current connection (null: none). */
  follow(peer: PeerSession | null): void {
    for (const watch of this.watches) watch.follow(peer);
  }

  dispose(): void {
    for (const watch of this.watches) watch.dispose();
  }
}
