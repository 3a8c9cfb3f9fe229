// How big the video we send should be: no bigger than the box the other side shows it in (in
// its device pixels), never bigger than the camera gives, never so small that a tab coming back
// to the front starts from a smudge, and no wider than a cap the line sets (a line that keeps
// losing packets: pictureOnLoss.ts; a thin line: pictureForBitrate.ts). The bitrate is left to
// the browser: libwebrtc caps a stream's bitrate by its resolution (600 kbps up to 320×240,
// 1.7 Mbps up to 640×480, 2 Mbps up to 960×540, 2.5 Mbps above) and lowers the resolution itself
// once the encoder struggles at the bitrate it gets.

export interface Size {
  width: number;
  height: number;
}

/**
 * Scale-downs used: a few steps, so that resizing a window does not reconfigure the encoder at
 * every pixel, each step sending at least what is shown.
 */
const STEPS = [1, 1.5, 2, 3, 4, 6, 8] as const;

/** Narrowest video sent, also to a side that shows none right now (its tab hidden). */
export const MIN_SENT_WIDTH = 320;

/** Width of a `frame` shown in `box` with `object-fit: contain`. */
export function shownWidth(frame: Size, box: Size): number {
  return Math.min(box.width, (box.height * frame.width) / frame.height);
}

/**
 * `scaleResolutionDownBy` for a camera (or screen) of size `capture` whose picture the other
 * side shows in `box`: the largest step that keeps it at least as wide as shown there, or as
 * MIN_SENT_WIDTH. Without a box (not told, or a peer that never tells) the full size. With
 * `maxWidth`, at least the smallest step that sends no wider than that.
 */
export function sendScale(capture: Size | null, box: Size | null, maxWidth = Infinity): number {
  if (!capture || capture.width <= 0 || capture.height <= 0) return 1;
  const most = box ? capture.width / Math.max(MIN_SENT_WIDTH, shownWidth(capture, box)) : 1;
  const forView = STEPS.filter((step) => step <= most).at(-1) ?? 1;
  const fits = STEPS.find((step) => capture.width / step <= maxWidth) ?? STEPS.at(-1)!;
  return Math.max(forView, fits);
}
