// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fingerprintsInSdp, safetyCode, type Fingerprint } from './safetyCode';

const fp = (byte: string): Fingerprint => ({
  algorithm: 'sha-256',
  value: Array<string>(32).fill(byte).join(':'),
});
const [alice, bob, mallory, mallory2] = [fp('AA'), fp('BB'), fp('CC'), fp('DD')];

describe('safetyCode', () => {
  it('is nine digits in three groups, the same on both sides of one connection', async () => {
    const atAlice = await safetyCode(alice, bob);
    const atBob = await safetyCode(bob, alice);
    expect(atAlice).toMatch(/^\d{3} \d{3} \d{3}$/);
    expect(atBob).toBe(atAlice);
  });

  it('is the SHA-256 of both canonical fingerprints, sorted (a known vector)', async () => {
    // python3: int.from_bytes(sha256("duet-safety-code-v1\nsha-256 AA:…\nsha-256 BB:…")[:8]) % 10**9
    expect(await safetyCode(alice, bob)).toBe('196 201 170');
  });

  it('ignores case and spacing, as SDP and getStats may differ there', async () => {
    const lower = { algorithm: ' SHA-256', value: `${bob.value.toLowerCase()} ` };
    expect(await safetyCode(alice, lower)).toBe(await safetyCode(alice, bob));
  });

  it('differs on the two sides when someone in the middle swapped the fingerprints', async () => {
    // Alice talks to Mallory's first certificate, Bob to its second.
    const atAlice = await safetyCode(alice, mallory);
    const atBob = await safetyCode(bob, mallory2);
    expect(atAlice).not.toBe(atBob);
    // And any change of one certificate changes the code.
    const codes = new Set(
      await Promise.all([
        safetyCode(alice, bob),
        safetyCode(alice, mallory),
        safetyCode(mallory, bob),
        safetyCode(alice, { ...bob, algorithm: 'sha-1' }),
      ]),
    );
    expect(codes.size).toBe(4);
  });
});

describe('fingerprintsInSdp', () => {
  it('reads a=fingerprint lines, SHA-256 first', () => {
    const sdp = [
      'v=0',
      'a=fingerprint:sha-1 AA:BB',
      `a=fingerprint:sha-256 ${alice.value}`,
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    ].join('\r\n');
    expect(fingerprintsInSdp(sdp)).toEqual([alice, { algorithm: 'sha-1', value: 'AA:BB' }]);
    expect(fingerprintsInSdp('v=0\r\n')).toEqual([]);
  });
});
