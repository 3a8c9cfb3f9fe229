import { describe, expect, it } from 'vitest';
import { ConnectionsPerIp } from './connectionLimit.js';

describe('ConnectionsPerIp', () => {
  it('admits up to the cap per address and frees a slot on close', () => {
    const cap = new ConnectionsPerIp(2);
    expect([cap.opened('a'), cap.opened('a')]).toEqual([true, true]);
    expect(cap.admits('a')).toBe(false);
    expect(cap.admits('b')).toBe(true);
    expect(cap.opened('a')).toBe(false); // a handshake that raced past admits()
    cap.closed('a');
    cap.closed('a');
    expect(cap.admits('a')).toBe(true);
    cap.closed('a');
    expect(cap.addresses).toBe(0);
  });

  it('counts nothing when the cap is 0 (off)', () => {
    const cap = new ConnectionsPerIp(0);
    for (let i = 0; i < 100; i += 1) expect(cap.opened('a')).toBe(true);
    expect(cap.admits('a')).toBe(true);
    expect(cap.addresses).toBe(0);
  });
});
