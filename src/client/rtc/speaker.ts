// Plays a media element on the chosen speaker (HTMLMediaElement.setSinkId), and keeps at it.
//
// Chromium rejects setSinkId with AbortError while the element plays a MediaStream that has no
// audio track yet: its player has no audio renderer to switch, and nothing remembers the wish.
// The remote <video> gets the call's stream before the peer's tracks arrive (the connection is
// prepared before Call), and after a reload the remembered speaker is applied at about that
// moment; so a refused attempt is made again each time the element loads or starts playing media,
// by when the audio renderer exists.

/** What we need of an <audio>/<video>; setSinkId is missing where the browser cannot pick. */
export interface SinkElement extends EventTarget {
  readonly sinkId?: string;
  setSinkId?: (sinkId: string) => Promise<void>;
}

/** Events after which the element's player has its tracks (and so its audio renderer). */
export const SINK_RETRY_EVENTS = ['loadedmetadata', 'playing', 'resize'] as const;

/**
 * Applies `speakerId` to `element` now, and again after each of SINK_RETRY_EVENTS until the
 * element reports it. Returns a function that stops following.
 */
export function followSpeaker(element: SinkElement, speakerId: string | undefined): () => void {
  if (!speakerId || typeof element.setSinkId !== 'function') return () => {};
  let following = true;
  const apply = () => {
    if (!following || element.sinkId === speakerId) return;
    // Refused (no audio yet, or the device went away): the call plays on the current output
    // meanwhile, and the next event tries again. Attempts may overlap; they ask for the same
    // thing. (Waiting for a pending one instead could miss the last event and never retry.)
    element.setSinkId?.(speakerId).catch(() => {});
  };
  for (const event of SINK_RETRY_EVENTS) element.addEventListener(event, apply);
  apply();
  return () => {
    following = false;
    for (const event of SINK_RETRY_EVENTS) element.removeEventListener(event, apply);
  };
}
