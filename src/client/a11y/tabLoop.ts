// Tab and Shift+Tab go round inside an open panel (the chat drawer, the devices popover) instead
// of walking out of it into the page behind. Only the keyboard is held: a click elsewhere still
// moves focus, since these panels sit beside the call, not over it.

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

function focusables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.getClientRects().length > 0 && el.tabIndex >= 0,
  );
}

/**
 * Keeps Tab inside the container until the returned function is called. The container is looked
 * up at each key press: a drawer's panel is rendered into its portal after the drawer mounts.
 */
export function keepTabInside(container: () => HTMLElement | null): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    const panel = container();
    if (event.key !== 'Tab' || !panel) return;
    const all = focusables(panel);
    const first = all[0];
    const last = all.at(-1);
    if (!first || !last) return;
    const active = document.activeElement;
    const leaving = event.shiftKey ? active === first : active === last;
    if (!leaving && panel.contains(active)) return;
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  };
  document.addEventListener('keydown', onKeyDown);
  return () => document.removeEventListener('keydown', onKeyDown);
}

/** Moves the focus to the first control inside `container`. */
export function focusFirstIn(container: HTMLElement | null): void {
  if (container) focusables(container)[0]?.focus();
}

/** The dialog an element sits in (an antd Drawer's panel), or the element itself. */
export function dialogAround(element: HTMLElement | null): HTMLElement | null {
  return element?.closest<HTMLElement>('[role="dialog"]') ?? element;
}
