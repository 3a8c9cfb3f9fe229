import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin.js';

describe('isOriginAllowed', () => {
  it.each([
    [undefined, 'duet.example', [], true],
    ['https://duet.example', 'duet.example', [], true],
    ['http://localhost:5173', 'localhost:5173', [], true],
    ['https://evil.example', 'duet.example', [], false],
    ['https://app.example', 'duet.example', ['https://app.example'], true],
    ['https://evil.example', 'duet.example', ['https://app.example'], false],
    ['https://evil.example', 'duet.example', ['*'], true],
    ['null', 'duet.example', [], false],
    ['https://duet.example', undefined, [], false],
  ] as const)('origin %s, host %s, allowed %j → %s', (origin, host, allowed, ok) => {
    expect(isOriginAllowed(origin, host, allowed)).toBe(ok);
  });
});
