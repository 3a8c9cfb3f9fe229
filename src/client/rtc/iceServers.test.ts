import { describe, expect, it } from 'vitest';
import { fetchIceServers, hasCredentials, refreshDelayMs } from './iceServers';

const requests: RequestInit[] = [];
const answer = (status: number, body: unknown) =>
  (async (_url: string, init: RequestInit) => {
    requests.push(init);
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof fetch;

describe('fetchIceServers', () => {
  it('proves membership with the token and returns the servers, ttl and next token', async () => {
    const body = {
      iceServers: [{ urls: ['turn:t'], username: '1:a', credential: 'c' }],
      ttl: 600,
      token: 'next',
    };
    await expect(fetchIceServers('tok.en', answer(200, body))).resolves.toEqual(body);
    expect(requests.at(-1)?.headers).toEqual({ Authorization: 'Bearer tok.en' });
  });

  it('says "join a room first" to a 401', async () => {
    await expect(fetchIceServers('old', answer(401, {}))).rejects.toThrow('join a room first');
  });

  it('rejects an HTTP error with its status', async () => {
    await expect(fetchIceServers('t', answer(503, {}))).rejects.toThrow(
      '/api/ice-servers answered 503',
    );
  });

  it('rejects a body without iceServers and ttl', async () => {
    await expect(fetchIceServers('t', answer(200, { iceServers: 'no' }))).rejects.toThrow(
      'without iceServers and ttl',
    );
  });
});

describe('refreshDelayMs', () => {
  it('refreshes at 80 % of the credential lifetime', () => {
    expect(refreshDelayMs(600)).toBe(480_000);
    expect(refreshDelayMs(86_400)).toBe(69_120_000);
  });

  it('stays within what setTimeout can wait, and never negative', () => {
    expect(refreshDelayMs(365 * 86_400)).toBe(2 ** 31 - 1);
    expect(refreshDelayMs(-5)).toBe(0);
  });
});

describe('hasCredentials', () => {
  it('is true only when a server carries a credential', () => {
    expect(hasCredentials([{ urls: 'stun:s' }])).toBe(false);
    expect(
      hasCredentials([{ urls: 'stun:s' }, { urls: 'turn:t', username: 'u', credential: 'c' }]),
    ).toBe(true);
  });
});
