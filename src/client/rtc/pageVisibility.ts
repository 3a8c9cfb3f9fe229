// Whether the user can see the page. A hidden tab shows nothing, so work that only feeds the
// screen (meters, stats) stops there and picks up again when the tab comes back.

/** The part of `document` this needs; a stand-in in unit tests. */
export type VisibilitySource = Pick<
  Document,
  'visibilityState' | 'addEventListener' | 'removeEventListener'
>;

/** Calls `changed` now and on every change of visibility; returns the unsubscribe. */
export function followVisibility(
  source: VisibilitySource,
  changed: (visible: boolean) => void,
): () => void {
  const listener = () => changed(source.visibilityState === 'visible');
  source.addEventListener('visibilitychange', listener);
  listener();
  return () => source.removeEventListener('visibilitychange', listener);
}
