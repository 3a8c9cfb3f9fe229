// For unit tests: a page whose visibility the test sets (the part of `document` that
// pageVisibility.ts reads), firing visibilitychange as a browser does.
export function fakePage(visible = true) {
  const target = new EventTarget();
  const page = Object.assign(target, {
    visibilityState: (visible ? 'visible' : 'hidden') as DocumentVisibilityState,
    set(visible: boolean) {
      page.visibilityState = visible ? 'visible' : 'hidden';
      target.dispatchEvent(new Event('visibilitychange'));
    },
  });
  return page;
}
