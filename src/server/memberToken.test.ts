import { describe, expect, it } from 'vitest';
import { bearerToken, MemberTokens, newTokenKey } from './memberToken.js';

const claim = { roomId: 'r', userId: 'u', socketId: 's', expiresAtSec: 2_000_000_000 };
const now = 1_900_000_000_000;

describe('member tokens', () => {
  it('verify with the key that issued them, on any holder of that key', () => {
    const key = newTokenKey();
    const token = new MemberTokens(key).issue(claim);
    expect(new MemberTokens(Buffer.from(key)).verify(token, now)).toEqual(claim);
    expect(new MemberTokens(newTokenKey()).verify(token, now)).toBeNull();
  });

  it('refuse an expired token, a changed claim and garbage', () => {
    const tokens = new MemberTokens(newTokenKey());
    const token = tokens.issue(claim);
    expect(tokens.verify(token, claim.expiresAtSec * 1000)).toBeNull();
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify(['r', 'u', 'other-socket', 2e9])).toString(
      'base64url',
    );
    expect(tokens.verify(`${forged}.${signature}`, now)).toBeNull();
    for (const bad of ['', '.', 'a.b.c', `${token}x`, token.replace('.', '')]) {
      expect(tokens.verify(bad, now)).toBeNull();
    }
  });

  it('read the bearer token of an Authorization header', () => {
    expect(bearerToken('Bearer abc.DEF_-')).toBe('abc.DEF_-');
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});
