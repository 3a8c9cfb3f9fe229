// Opus discontinuous transmission (DTX): while a side is silent (muted, or listening in a quiet
// room) its Opus encoder sends a small comfort-noise update every 400 ms instead of a packet every
// 20 ms, which leaves a slow or lossy line to the video and saves the packets' overhead. The only
// way to ask for it is `usedtx=1` on the Opus format of our own description: it tells the other
// side's encoder to use DTX when sending to us.

/**
 * `sdp` with `usedtx=1` on each Opus format's fmtp line. Browsers always write one for Opus
 * (`useinbandfec=1` at least), so a format without one is left as it is.
 */
export function withOpusDtx(sdp: string): string {
  for (const [, pt] of sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000/gim)) {
    sdp = sdp.replace(new RegExp(`^a=fmtp:${pt} [^\r\n]*`, 'm'), (line) =>
      /usedtx=/.test(line) ? line.replace(/usedtx=\d/, 'usedtx=1') : `${line};usedtx=1`,
    );
  }
  return sdp;
}
