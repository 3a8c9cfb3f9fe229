// /readyz and /metrics of the real server, scraped after real joins, relays and errors.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRoomRegistry } from './rooms/memoryRegistry.js';
import { closeAll, connect, disconnect, offer, pair, start } from './testing/signaling.js';

afterEach(closeAll);

/** name{labels} → value for every sample line of a Prometheus text scrape. */
async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

describe('GET /readyz', () => {
  it('answers 200 while the registry is ready and 503 while it is not', async () => {
    const registry = new MemoryRoomRegistry();
    let up = true;
    registry.ready = async () => up;
    const server = await start({}, registry);

    const ok = await fetch(`${server.url}/readyz`);
    expect([ok.status, await ok.json()]).toEqual([200, { status: 'ready' }]);
    up = false;
    const down = await fetch(`${server.url}/readyz`);
    expect([down.status, await down.json()]).toEqual([503, { status: 'unavailable' }]);
    registry.ready = () => Promise.reject(new Error('redis down'));
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    // Liveness does not depend on the registry.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('counts connections, rooms, members, joins, full, relays and rejections', async () => {
    const server = await start({ MESSAGE_RATE: '0' });
    const before = await scrape(server.url);
    expect(before.get('duet_connections')).toBe(0);
    expect(before.get('duet_joins_total')).toBe(0);
    expect(before.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(before.has('process_resident_memory_bytes')).toBe(true);

    const [a, b] = await pair(server, 'm1'); // 2 joins
    const [c] = await pair(server, 'm2'); // 2 joins
    await c.join('m2'); // a repeated join answers joined again: 1 more
    const late = await connect(server);
    await late.ask('full', 'join', { roomId: 'm1' });
    for (let i = 0; i < 3; i += 1) {
      const relayed = b.next('message');
      a.emit('message', { roomId: 'm1', data: offer });
      await relayed;
    }
    await late.ask('error', 'message', { roomId: 'm1', data: offer }); // not-member
    await late.ask('error', 'join', { roomId: 'bad room' }); // bad-room-id
    await late.ask('error', 'join', { roomId: 'x', clientId: '!' }); // bad-client-id
    await late.ask('error', 'nonsense', 1); // unknown-event
    await late.ask('error', 'message', { roomId: 'm1', data: { type: 'exec' } }); // unknown-type

    const after = await scrape(server.url);
    expect(after.get('duet_connections')).toBe(5);
    expect(after.get('duet_rooms')).toBe(2);
    expect(after.get('duet_members')).toBe(4);
    expect(after.get('duet_joins_total')).toBe(5);
    expect(after.get('duet_join_duration_seconds_count')).toBe(5);
    expect(after.get('duet_join_duration_seconds_sum')).toBeGreaterThan(0);
    expect(after.get('duet_full_total')).toBe(1);
    expect(after.get('duet_messages_relayed_total')).toBe(3);
    for (const code of ['not-member', 'bad-room-id', 'bad-client-id', 'unknown-event']) {
      expect(after.get(`duet_rejected_total{code="${code}"}`), code).toBe(1);
    }
    expect(after.get('duet_rejected_total{code="unknown-type"}')).toBe(1);

    await disconnect(server, a);
    const gone = await scrape(server.url);
    expect(gone.get('duet_members')).toBe(3);
    expect(gone.get('duet_rooms')).toBe(2);
  });

  it('counts handshakes refused by ALLOWED_ORIGINS and MAX_CONNECTIONS_PER_IP', async () => {
    const server = await start({ MAX_CONNECTIONS_PER_IP: '1' });
    const refused = (reason: string) => `duet_handshakes_refused_total{reason="${reason}"}`;
    const foreign = { extraHeaders: { Origin: 'https://elsewhere.example' } };
    await expect(connect(server, foreign)).rejects.toThrow();
    await connect(server);
    await expect(connect(server)).rejects.toThrow();
    await expect(connect(server, { transports: ['polling'] })).rejects.toThrow();

    const samples = await scrape(server.url);
    expect(samples.get(refused('origin'))).toBe(1);
    expect(samples.get(refused('connections-per-ip'))).toBe(2);
    expect(samples.get('duet_connections')).toBe(1);
  });
});
