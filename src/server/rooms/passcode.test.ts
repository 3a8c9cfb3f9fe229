import { describe, expect, it } from 'vitest';
import { hashPasscode, passcodeMatches } from './passcode.js';

describe('room passcodes', () => {
  it('are kept as a salted hash that the right passcode matches and no other', async () => {
    const record = await hashPasscode('tulip-42');
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(record)).not.toContain('tulip');
    expect(await passcodeMatches('tulip-42', record)).toBe(true);
    expect(await passcodeMatches('tulip-43', record)).toBe(false);
    expect(await passcodeMatches('', record)).toBe(false);
  });

  it('salts every record: the same passcode twice gives two different hashes', async () => {
    const [a, b] = [await hashPasscode('same one'), await hashPasscode('same one')];
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await passcodeMatches('same one', b)).toBe(true);
  });

  it('never matches a room without a passcode, nor a damaged record', async () => {
    expect(await passcodeMatches('anything', null)).toBe(false);
    const record = await hashPasscode('abcd');
    expect(await passcodeMatches('abcd', { ...record, hash: record.hash.slice(2) })).toBe(false);
  });
});
