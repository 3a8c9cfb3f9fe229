// GET /api/ice-servers on the real server: TURN credentials for proven room members only.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { IceServersResponse } from '../shared/protocol.js';
import { ICE_REQUEST_BURST, ICE_REQUEST_RATE } from './iceRoute.js';
import { MemberTokens, newTokenKey } from './memberToken.js';
import { closeAll, connect, disconnect, offer, start, type Peer } from './testing/signaling.js';

afterEach(closeAll);

const TURN = {
  STUN_URLS: 'stun:stun.example:3478',
  TURN_URLS: 'turn:turn.example:3478',
  TURN_SECRET: 's3cret',
  TURN_TTL: '600',
};

const iceServers = (
  server: { url: string },
  token?: string,
  headers: Record<string, string> = {},
) =>
  fetch(`${server.url}/api/ice-servers`, {
    headers: token === undefined ? headers : { ...headers, Authorization: `Bearer ${token}` },
  });

async function member(server: { url: string }, roomId: string, clientId?: string) {
  const peer = await connect(server);
  const joined = await peer.join(roomId, clientId);
  return { peer, joined, token: String(joined.iceToken) };
}

describe('GET /api/ice-servers', () => {
  it('hands a member a fresh credential that names it, and a fresh token that works too', async () => {
    const server = await start(TURN);
    const { joined, token } = await member(server, 'room1');
    const before = Math.floor(Date.now() / 1000);
    const res = await iceServers(server, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as IceServersResponse;
    expect(body.ttl).toBe(600);
    expect(body.iceServers[0]).toEqual({ urls: ['stun:stun.example:3478'] });
    const turn = body.iceServers[1];
    const [expiry, who] = (turn?.username ?? '').split(':');
    // coturn logs this username: it maps to the member's userId in duet's join log.
    expect(who).toBe(joined.userId);
    expect(Number(expiry) - before).toBeGreaterThanOrEqual(600);
    expect(Number(expiry) - before).toBeLessThanOrEqual(602);
    expect(turn?.credential).toBe(
      createHmac('sha1', 's3cret')
        .update(turn?.username ?? '')
        .digest('base64'),
    );
    expect(JSON.stringify(body)).not.toContain('s3cret');
    expect((await iceServers(server, body.token)).status).toBe(200);
  });

  it('answers 401, with no credential, without a proof of membership', async () => {
    const server = await start(TURN);
    const { peer, token } = await member(server, 'room1');
    const forged = new MemberTokens(newTokenKey()).issue({
      roomId: 'room1',
      userId: peer.id,
      socketId: peer.id,
      expiresAtSec: 2e9,
    });
    for (const proof of [undefined, '', 'garbage', forged, `${token}x`]) {
      const res = await iceServers(server, proof);
      expect(res.status, String(proof)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const text = await res.text();
      expect(text).not.toMatch(/credential|username|turn:/);
    }
    // The token dies with the seat: after a leave, and after a disconnect.
    await peer.ask('leaved', 'leave', { roomId: 'room1' });
    expect((await iceServers(server, token)).status).toBe(401);
    const other = await member(server, 'room2');
    await disconnect(server, other.peer);
    expect((await iceServers(server, other.token)).status).toBe(401);
  });

  it('refuses the old socket’s token once a reload took its seat over', async () => {
    const server = await start(TURN);
    const clientId = 'tab-0123456789abcdef';
    const old = await member(server, 'room1', clientId);
    const reloaded = await member(server, 'room1', clientId);
    expect((await iceServers(server, old.token)).status).toBe(401);
    expect((await iceServers(server, reloaded.token)).status).toBe(200);
  });

  it(`limits requests per address (${ICE_REQUEST_BURST} at once), not for other addresses`, async () => {
    const server = await start({ ...TURN, TRUSTED_PROXIES: '127.0.0.1' });
    const { token } = await member(server, 'room1');
    const from = (address: string) => iceServers(server, token, { 'X-Forwarded-For': address });
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: ICE_REQUEST_BURST + 20 }, () => from('192.0.2.7')),
    );
    const refilled = Math.ceil(((performance.now() - started) / 1000) * ICE_REQUEST_RATE);
    const ok = answers.filter((res) => res.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(ICE_REQUEST_BURST);
    expect(ok).toBeLessThanOrEqual(ICE_REQUEST_BURST + refilled);
    const limited = answers.find((res) => res.status === 429)!;
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await from('192.0.2.8')).status).toBe(200);
    const scraped = await (await fetch(`${server.url}/metrics`)).text();
    expect(scraped).toMatch(/^duet_turn_credentials_refused_total\{reason="rate"\} [1-9]\d*$/m);
    expect(scraped).toMatch(/^duet_turn_credentials_total\{via="joined"\} 1$/m);
  });
});

describe('a non-member', () => {
  it('gets no credential in any answer, over the socket or HTTP', async () => {
    const server = await start(TURN, undefined, {}, { knockTimeoutMs: 300 });
    // A full room, a locked room (knock and passcode), and every event a stranger can send.
    await member(server, 'full');
    await member(server, 'full');
    const owner = await member(server, 'locked');
    await owner.peer.ask('locked', 'lock', {
      roomId: 'locked',
      locked: true,
      passcode: 'secret-1',
    });

    const stranger: Peer = await connect(server);
    stranger.emit('join', { roomId: 'full' });
    await stranger.next('full');
    stranger.emit('join', { roomId: 'locked', name: 'x' });
    await stranger.next('denied'); // the knock times out
    stranger.emit('join', { roomId: 'locked', passcode: 'not-it!' });
    await stranger.next('denied');
    for (const [event, payload] of [
      ['message', { roomId: 'locked', data: offer }],
      ['lock', { roomId: 'locked', locked: false }],
      ['admit', { roomId: 'locked', knockId: 'k'.repeat(22) }],
      ['decline', { roomId: 'locked', knockId: 'k'.repeat(22) }],
      ['leave', { roomId: 'locked' }],
      ['ice', {}],
    ] as const) {
      stranger.emit(event, payload);
    }
    await stranger.sync();
    const heard = JSON.stringify(stranger.events);
    expect(stranger.events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['full', 'knocking', 'denied', 'error', 'leaved']),
    );
    expect(heard).not.toMatch(/credential|username|iceToken|iceServers|turn:|stun:/);
    const http = await (await iceServers(server)).text();
    expect(http).not.toMatch(/credential|username|turn:/);
  });
});
