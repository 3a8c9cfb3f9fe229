// Room passcodes as they are kept: scrypt with a random salt per room, never the passcode itself,
// and compared in constant time. Every check costs one scrypt, whatever the room holds, so a
// wrong passcode takes as long to refuse for a room with a passcode as for one without.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasscodeRecord, TryLimits } from './registry.js';

const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** About 16 MiB and tens of milliseconds per check: cheap for one person, dear for a guesser. */
const SCRYPT: ScryptOptions = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/**
 * Wrong passcodes allowed within 15 minutes: per room (whoever tries) and per client address
 * (whichever rooms). A 6-digit passcode then takes years to find by trying.
 */
export const PASSCODE_TRY_LIMITS: TryLimits = {
  perRoom: 10,
  perAddress: 20,
  windowMs: 15 * 60_000,
};

function derive(passcode: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passcode, salt, KEY_BYTES, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A record to keep for `passcode`, with a fresh salt. */
export async function hashPasscode(passcode: string): Promise<PasscodeRecord> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(passcode, salt);
  return { salt: salt.toString('hex'), hash: hash.toString('hex') };
}

// Stands in for a room without a passcode, so its check costs the same and never matches.
const NO_PASSCODE = { salt: randomBytes(SALT_BYTES), hash: randomBytes(KEY_BYTES) };

/** Whether `passcode` is the one `record` was made from; null `record` never matches. */
export async function passcodeMatches(
  passcode: string,
  record: PasscodeRecord | null,
): Promise<boolean> {
  const salt = record === null ? NO_PASSCODE.salt : Buffer.from(record.salt, 'hex');
  const expected = record === null ? NO_PASSCODE.hash : Buffer.from(record.hash, 'hex');
  const derived = await derive(passcode, salt);
  // timingSafeEqual needs equal lengths; a stored hash is always KEY_BYTES long.
  const same = expected.length === derived.length && timingSafeEqual(derived, expected);
  return same && record !== null;
}
