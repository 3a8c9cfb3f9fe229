import { describe, expect, it } from 'vitest';
import { userIdFor } from './userId.js';

describe('userIdFor', () => {
  it('uses the socket id when there is no clientId', () => {
    expect(userIdFor(undefined, 'sock-1')).toBe('sock-1');
  });

  it('is stable per clientId, short, and does not reveal it', () => {
    const id = userIdFor('client-abcdefgh', 'sock-1');
    expect(userIdFor('client-abcdefgh', 'sock-2')).toBe(id);
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(id).not.toContain('client');
    expect(userIdFor('client-abcdefgi', 'sock-1')).not.toBe(id);
  });
});
