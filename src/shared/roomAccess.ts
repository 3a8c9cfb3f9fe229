// What a joiner may bring to a locked room: a passcode, and a name for its knock. Kept free of
// zod so the client can check input without bundling the schemas (protocol.ts wraps these).

export const PASSCODE_MIN_CHARS = 4;
export const PASSCODE_MAX_CHARS = 64;
export const PASSCODE_RULE = `A passcode is ${PASSCODE_MIN_CHARS}–${PASSCODE_MAX_CHARS} characters.`;

/**
 * NFKC (so the same passcode typed on two keyboards is the same bytes) and trimmed; null when
 * it is not 4–64 characters (code points).
 */
export function normalizePasscode(raw: string): string | null {
  if (raw.length > 4 * PASSCODE_MAX_CHARS) return null;
  const passcode = raw.normalize('NFKC').trim();
  const length = [...passcode].length;
  return length >= PASSCODE_MIN_CHARS && length <= PASSCODE_MAX_CHARS ? passcode : null;
}

/** Longest name a knock shows ("Ana wants to join"). */
export const NAME_MAX_CHARS = 40;

// Control, format (bidi overrides, zero-width) and separator characters other than a plain space.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** What members see as a knocker's name: printable, single-spaced, at most 40 characters. */
export function normalizeName(raw: string): string {
  const clean = raw
    .slice(0, 4 * NAME_MAX_CHARS)
    .replace(UNPRINTABLE, '')
    .replace(/\s+/gu, ' ');
  return [...clean.trim()].slice(0, NAME_MAX_CHARS).join('').trim();
}
