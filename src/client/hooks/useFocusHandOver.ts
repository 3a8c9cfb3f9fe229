// When a control is swapped for another (Call for Hang up, Join for Leave), the focused one
// leaves the page (or is disabled, like the room field once joined) and the focus is lost: a
// keyboard user would start again from the top. This hands focus to the control in its place.
import { useEffect, useRef, type RefObject } from 'react';

export function useFocusHandOver<T extends HTMLElement>(which: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  const before = useRef(which);
  useEffect(() => {
    if (before.current === which) return;
    before.current = which;
    const active = document.activeElement as HTMLInputElement | null;
    if (!active || active === document.body || active.disabled) ref.current?.focus();
  }, [which]);
  return ref;
}
