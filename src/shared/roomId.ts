// Room id rules, kept free of zod so the client can check input without bundling the schemas.

export const ROOM_ID_MAX_LENGTH = 64;
const ROOM_ID_CHARS = /^[\p{L}\p{N}_.-]+$/u;

/** Trims, then checks 1–64 characters (code points) of Unicode letters, digits, `-`, `_`, `.`. */
export function normalizeRoomId(raw: string): string | null {
  const id = raw.trim();
  // A code point is one or two UTF-16 units: past twice the limit in units the id is too long
  // for certain, up to the limit it is short enough, and only in between are code points counted
  // (this runs on every relayed message, and a huge id is refused before any regex work).
  if (id.length === 0 || id.length > 2 * ROOM_ID_MAX_LENGTH) return null;
  if (id.length > ROOM_ID_MAX_LENGTH && [...id].length > ROOM_ID_MAX_LENGTH) return null;
  return ROOM_ID_CHARS.test(id) ? id : null;
}

export const ROOM_ID_RULE =
  'A room id is 1–64 letters, digits, "-", "_" or "." (no spaces or other symbols).';
