// Audio redundancy (RED, RFC 2198): each audio packet also carries the Opus frame before it, so a
// packet lost on the line is rebuilt whole from the next one. Opus's own in-band FEC, which both
// sides ask for anyway, left the concealed share of the audio close to the loss rate in the
// network lab; RED cut it to a fraction (docs/network-lab.md). It doubles the audio's bitrate
// (about 25 kbit/s more), which a slow line without loss needs for its video, so a call starts
// without it and switches to it, both ways and for the rest of the connection, once its line
// keeps losing packets (redundancyOnLoss.ts). Where one browser has no RED (Firefox ESR 153),
// the call stays on plain Opus.

interface Codec {
  mimeType: string;
}

/** `codecs` with audio/red first, or null when there is no audio/red among them. */
export function redundantAudioFirst<T extends Codec>(codecs: readonly T[]): T[] | null {
  const isRed = (codec: T) => codec.mimeType.toLowerCase() === 'audio/red';
  const red = codecs.filter(isRed);
  if (red.length === 0) return null;
  return [...red, ...codecs.filter((codec) => !isRed(codec))];
}

/**
 * Puts RED first on the audio transceivers among `transceivers`, so that the next offer or answer
 * asks for it. False when the browser has no RED.
 */
export function preferRedundantAudio(transceivers: readonly RTCRtpTransceiver[]): boolean {
  if (typeof RTCRtpReceiver === 'undefined') return false;
  const codecs = RTCRtpReceiver.getCapabilities?.('audio')?.codecs;
  const ordered = codecs && redundantAudioFirst(codecs);
  if (!ordered) return false;
  for (const transceiver of transceivers) {
    if (transceiver.receiver.track.kind === 'audio') transceiver.setCodecPreferences?.(ordered);
  }
  return true;
}
