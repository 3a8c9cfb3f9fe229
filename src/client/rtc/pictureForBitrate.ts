// Which camera picture a thin line can carry, from the sender's own estimate of the line
// (candidate-pair availableOutgoingBitrate, Chromium). libwebrtc lowers the resolution by itself
// only once the encoder struggles at the bitrate it gets, which an easy picture never does: in the
// network lab at 500 kbit/s duet kept sending 1280×720 at an encoder target of 80–600 kbit/s,
// each frame in many packets (docs/network-lab.md). A picture the bitrate fits takes fewer
// packets a frame, so fewer frames wait for a lost one. Firefox reports no estimate, so its
// picture is left to its own encoder.
import type { StatsStoreApi } from '../store/statsStore';
import type { PeerSession } from './PeerSession';

/** Widest camera picture for a line estimated under each bitrate, narrowest first. */
export const BITRATE_STEPS = [
  { underKbps: 600, width: 640 },
  { underKbps: 1200, width: 960 },
] as const;
/** Seconds of a lower estimate before a narrower picture. */
const SHRINK_SECONDS = 3;
/** Seconds of a higher estimate, past the step by GROW_MARGIN, before a wider picture. */
const GROW_SECONDS = 5;
const GROW_MARGIN = 1.25;
/**
 * Seconds of video sent before the estimate is judged: a connection starts at 300 kbit/s and
 * ramps up as media flows (on the lab's clean line to 5–6 Mbit/s within about 5 s in most calls,
 * more slowly in some), and the picture sent meanwhile is libwebrtc's to size.
 */
const STARTUP_SECONDS = 10;

/** Widest picture for an estimate of `kbps` (Infinity: no cap), each step's bound times `margin`. */
export function widthForKbps(kbps: number, margin = 1): number {
  return BITRATE_STEPS.find((step) => kbps < step.underKbps * margin)?.width ?? Infinity;
}

/**
 * The cap for the last seconds' estimates (kbit/s a second; null: none) and the cap now: narrower
 * once each of the last SHRINK_SECONDS asks for it (the widest they allow), wider once each of the
 * last GROW_SECONDS is past the step by GROW_MARGIN, so that an estimate hovering at a step's
 * bound does not make the encoder switch back and forth.
 */
export function bitrateWidthCap(recent: readonly (number | null)[], current: number): number {
  const known = (seconds: number) => {
    const last = recent.slice(-seconds);
    return last.length === seconds && last.every((kbps) => kbps !== null)
      ? (last as number[])
      : null;
  };
  const shrink = known(SHRINK_SECONDS);
  if (shrink) {
    const narrower = Math.max(...shrink.map((kbps) => widthForKbps(kbps)));
    if (narrower < current) return narrower;
  }
  const grow = known(GROW_SECONDS);
  if (grow) {
    const wider = Math.min(...grow.map((kbps) => widthForKbps(kbps, GROW_MARGIN)));
    if (wider > current) return wider;
  }
  return current;
}

/** Watches the sender's bandwidth estimate (from the stats samples) and caps the picture to fit. */
export class PictureForBitrate {
  private peer: PeerSession | null = null;
  private recent: (number | null)[] = [];
  private cap = Infinity;
  private sendingSeconds = 0;
  private readonly unsubscribe: () => void;

  constructor(stats: StatsStoreApi) {
    this.unsubscribe = stats.subscribe(({ stats: sample }) => {
      const peer = this.peer;
      if (!sample || !peer) return;
      if ((sample.sendFps ?? 0) > 0) this.sendingSeconds++;
      const kbps = this.sendingSeconds > STARTUP_SECONDS ? sample.availableOutgoingKbps : null;
      this.recent = [...this.recent.slice(1 - GROW_SECONDS), kbps];
      const cap = bitrateWidthCap(this.recent, this.cap);
      if (cap === this.cap) return;
      this.cap = cap;
      void peer.capSentWidth('bitrate', cap);
    });
  }

  /** Follows the current connection (null: none); each starts with no cap. */
  follow(peer: PeerSession | null): void {
    this.peer = peer;
    this.recent = [];
    this.cap = Infinity;
    this.sendingSeconds = 0;
  }

  dispose(): void {
    this.unsubscribe();
  }
}
