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

/** Letters of generated room ids: lowercase a–z, easy to read out and to type on any keyboard. */
const NEW_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
/** Three groups of six letters: 18 × log2(26) ≈ 84.6 bits, beyond anyone's guessing. */
const NEW_ID_GROUPS = 3;
const NEW_ID_GROUP_LENGTH = 6;
/** Bits of chance in a generated id. */
export const NEW_ROOM_ID_BITS = NEW_ID_GROUPS * NEW_ID_GROUP_LENGTH * Math.log2(26);

/**
 * A fresh unguessable room id such as `kqzvbt-ampexr-hwndsu`. `randomBytes` fills its argument
 * with cryptographic randomness (crypto.getRandomValues); bytes that would bias the letters are
 * drawn again.
 */
export function newRoomId(
  randomBytes: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const letters: string[] = [];
  const limit = 256 - (256 % NEW_ID_ALPHABET.length);
  const wanted = NEW_ID_GROUPS * NEW_ID_GROUP_LENGTH;
  while (letters.length < wanted) {
    for (const byte of randomBytes(new Uint8Array(wanted))) {
      if (byte < limit && letters.length < wanted) {
        letters.push(NEW_ID_ALPHABET[byte % NEW_ID_ALPHABET.length]!);
      }
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < wanted; i += NEW_ID_GROUP_LENGTH) {
    groups.push(letters.slice(i, i + NEW_ID_GROUP_LENGTH).join(''));
  }
  return groups.join('-');
}

/**
 * Ids shorter than this can be found by trying (a join reveals an open room); the UI says so.
 * A generated id has 20 characters.
 */
export const GUESSABLE_BELOW_CHARS = 16;

/** Whether a (normalized) room id is short enough for someone to guess. */
export function isGuessable(roomId: string): boolean {
  return [...roomId].length < GUESSABLE_BELOW_CHARS;
}
