// Room id rules, kept free of zod so the client can check input without bundling the schemas.

export const ROOM_ID_MAX_LENGTH = 64;
const ROOM_ID_CHARS = /^[\p{L}\p{N}_.-]+$/u;

/** Trims, then checks 1–64 characters (code points) of Unicode letters, digits, `-`, `_`, `.`. */
export function normalizeRoomId(raw: string): string | null {
  const id = raw.trim();
  if (id.length === 0 || !ROOM_ID_CHARS.test(id)) return null;
  // Code points, not UTF-16 units; counted only when the units alone could exceed the limit
  // (this runs on every relayed message).
  if (id.length > ROOM_ID_MAX_LENGTH && [...id].length > ROOM_ID_MAX_LENGTH) return null;
  return id;
}

export const ROOM_ID_RULE =
  'A room id is 1–64 letters, digits, "-", "_" or "." (no spaces or other symbols).';
