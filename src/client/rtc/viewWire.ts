// "This is how big I show your video": a message on the call's data channel (next to chat), so
// that the other side sends no more pixels than are shown. Decoding trusts nothing from the peer.
import { parseFrame } from './dataFrame';
import type { Size } from './sendResolution';

/** Larger than any screen; a bigger number is not a size. */
const MAX_SIDE = 16_384;
/** A view frame is short; anything longer is dropped unread. */
const MAX_FRAME_CHARS = 200;

export interface ViewWireMessage {
  type: 'view';
  /** Device pixels of the box the remote video is shown in; 0 × 0 while it is not shown. */
  width: number;
  height: number;
}

export function viewMessage(size: Size): string {
  const message: ViewWireMessage = {
    type: 'view',
    width: Math.round(size.width),
    height: Math.round(size.height),
  };
  return JSON.stringify(message);
}

/** The size a `view` frame carries, or null for anything else (chat, garbage, absurd sizes). */
export function decodeView(frame: unknown): Size | null {
  const parsed = parseFrame(frame, MAX_FRAME_CHARS);
  if (!parsed) return null;
  const { type, width, height } = parsed;
  const side = (v: unknown): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_SIDE;
  if (type !== 'view' || !side(width) || !side(height)) return null;
  return { width, height };
}
