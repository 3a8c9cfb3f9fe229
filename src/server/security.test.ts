// Security of the real server on port 0: HTTPS/WSS, headers, per-IP connection cap, flooding,
// and what a non-member can learn. Counts, never timings.
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeAll,
  connect,
  fakeBuiltApp,
  offer,
  pair,
  receivedCount,
  start,
  type Peer,
} from './testing/signaling.js';
import { MAX_REFUSALS } from './rooms/rateGate.js';
import { selfSignedCert } from './testing/tls.js';

afterEach(closeAll);

function httpsFetch(url: string, ca: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      httpsGet(url, { ca }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      }).on('error', reject);
    },
  );
}

describe('TLS', () => {
  it('serves the SPA over HTTPS with HSTS, and signals over WSS', async () => {
    const cert = selfSignedCert();
    const server = await start({
      TLS_CERT: cert.certFile,
      TLS_KEY: cert.keyFile,
      STATIC_DIR: fakeBuiltApp(),
    });
    expect(server.url).toMatch(/^https:/);
    const url = `https://127.0.0.1:${server.port}`;

    const page = await httpsFetch(`${url}/`, cert.pem);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>duet</title>');
    expect(page.headers['strict-transport-security']).toBe('max-age=15552000');

    // Trusting only our certificate: the WSS handshake really is TLS with it.
    const [a, b] = [
      await connect({ url }, { ca: cert.pem }),
      await connect({ url }, { ca: cert.pem }),
    ];
    await a.join('tls-room');
    await b.join('tls-room');
    const relayed = b.next('message');
    a.emit('message', { roomId: 'tls-room', data: offer });
    expect(await relayed).toEqual(offer);

    // And without trusting it, the client refuses the connection.
    await expect(connect({ url })).rejects.toThrow();
  });
});

describe('security headers', () => {
  it('sends a CSP and the other headers with the SPA, and no HSTS over plain HTTP', async () => {
    const server = await start({ STATIC_DIR: fakeBuiltApp() });
    const res = await fetch(`${server.url}/`);
    const host = `127.0.0.1:${server.port}`;
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(res.headers.get('permissions-policy')).toContain('microphone=(self)');
    expect(res.headers.get('permissions-policy')).toContain('display-capture=(self)');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('does not repeat a strange Host header inside the CSP', async () => {
    const server = await start({ STATIC_DIR: fakeBuiltApp() });
    const { request } = await import('node:http');
    const csp = await new Promise<string>((resolve, reject) => {
      request(
        `${server.url}/`,
        { headers: { Host: "evil; script-src 'unsafe-inline'" } },
        (res) => {
          res.resume();
          resolve(String(res.headers['content-security-policy']));
        },
      )
        .on('error', reject)
        .end();
    });
    expect(csp).not.toContain('evil');
    expect(csp).toContain("connect-src 'self';");
  });
});

describe('MAX_CONNECTIONS_PER_IP', () => {
  it('refuses one connection too many from an address, and admits again after one leaves', async () => {
    const server = await start({ MAX_CONNECTIONS_PER_IP: '3' });
    const peers = [await connect(server), await connect(server), await connect(server)];
    await expect(connect(server)).rejects.toThrow();
    await expect(connect(server, { transports: ['polling'] })).rejects.toThrow();

    // The slot frees when the connection closes (a socket.io disconnect comes a little earlier).
    const conn = server.io.of('/').sockets.get(peers[0]!.id)?.conn;
    const closed = new Promise((resolve) => conn?.once('close', resolve));
    peers[0]!.socket.disconnect();
    await closed;
    const again = await connect(server);
    expect(await again.join('room1')).toMatchObject({ userNum: 1 });
    expect(server.io.engine.clientsCount).toBe(3);
  });

  it('caps nothing when 0', async () => {
    const server = await start({ MAX_CONNECTIONS_PER_IP: '0' });
    const peers = await Promise.all(Array.from({ length: 30 }, () => connect(server)));
    expect(peers.every((peer) => peer.socket.connected)).toBe(true);
  });
});

describe('a crowd behind one address, and a flood from another', () => {
  /** A websocket client from `address` (engine.io-client hands localAddress to ws in Node). */
  const from = (server: { url: string }, address: string) =>
    connect(server, { localAddress: address } as Parameters<typeof connect>[1]);

  it('lets 200 honest clients from one address in while a flood from another is cut off', async () => {
    const server = await start(); // the defaults: no tuning for this test
    const started = performance.now();
    const FLOOD = 1000;
    // Waves of 50 at once: a thousand simultaneous connects would overflow the listen backlog,
    // which is the kernel's limit, not the one tested here.
    const flood = (async () => {
      const results: PromiseSettledResult<Peer>[] = [];
      for (let wave = 0; wave < FLOOD / 50; wave += 1) {
        const attempts = Array.from({ length: 50 }, () => from(server, '127.0.0.3'));
        results.push(...(await Promise.allSettled(attempts)));
      }
      return results;
    })();
    const crowd = Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const peer = await from(server, '127.0.0.2');
        return peer.ask<{ userNum: number }>('joined', 'join', { roomId: `crowd-${i >> 1}` });
      }),
    );
    const [floodResults, joined] = await Promise.all([flood, crowd]);
    const elapsedSec = (performance.now() - started) / 1000;

    // Everyone in the crowd got in at the first try and sat down in its room.
    expect(joined).toHaveLength(200);
    expect(joined.filter((j) => j.userNum === 2)).toHaveLength(100);
    // The flood: its burst and the rate since, no more (HANDSHAKE_RATE 10/s, bursts of 300).
    const flooders = floodResults.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(flooders.length).toBeGreaterThanOrEqual(300);
    expect(flooders.length).toBeLessThanOrEqual(300 + Math.ceil(elapsedSec * 10));

    // Its connections then flood joins: held to JOIN_RATE per address, while the crowd's
    // address may still join.
    const answers = await Promise.all(
      flooders.flatMap((peer, i) =>
        [0, 1].map(
          () =>
            new Promise<string>((resolve) => {
              peer.socket.once('joined', () => resolve('joined'));
              peer.socket.once('error', () => resolve('error'));
              peer.emit('join', { roomId: `flood-${i}` });
            }),
        ),
      ),
    );
    expect(answers.filter((a) => a === 'error').length).toBeGreaterThan(0);
    expect(answers.filter((a) => a === 'joined').length).toBeLessThanOrEqual(
      300 + Math.ceil(((performance.now() - started) / 1000) * 10),
    );
    const late = await from(server, '127.0.0.2');
    expect(await late.join('crowd-late')).toMatchObject({ userNum: 1 });

    const scraped = await (await fetch(`${server.url}/metrics`)).text();
    const refused = Number(
      /^duet_handshakes_refused_total\{reason="handshake-rate"\} (\d+)$/m.exec(scraped)?.[1],
    );
    expect(refused).toBe(FLOOD - flooders.length);
  }, 60_000);
});

/** What one engine.io handshake from `localAddress` got: an HTTP answer, or a closed connection. */
function handshakeFrom(
  url: string,
  localAddress: string,
  ca?: string,
): Promise<{ status: number; body: string } | 'closed'> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve) => {
    const onResponse = (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    };
    get(`${url}/socket.io/?EIO=4&transport=polling`, { localAddress, ca, agent: false }, onResponse)
      // ECONNRESET, or a TLS handshake cut short: no answer at all.
      .on('error', () => resolve('closed'));
  });
}

describe('an address past HANDSHAKE_RATE', () => {
  for (const tls of [false, true]) {
    it(`is told once, then has its connections closed before any ${tls ? 'TLS' : 'HTTP'} work`, async () => {
      const cert = tls ? selfSignedCert() : null;
      const server = await start({
        HANDSHAKE_RATE: '1', // bursts of 30
        ...(cert ? { TLS_CERT: cert.certFile, TLS_KEY: cert.keyFile } : {}),
      });
      const url = `${tls ? 'https' : 'http'}://127.0.0.1:${server.port}`;
      const ca = cert?.pem;
      const burst = await Promise.all(
        Array.from({ length: 30 }, () => handshakeFrom(url, '127.0.0.3', ca)),
      );
      expect(burst.every((r) => r !== 'closed' && r.status === 200)).toBe(true);

      // The first refusal says why; the next ones, within the second, get no answer at all.
      expect(await handshakeFrom(url, '127.0.0.3', ca)).toMatchObject({
        status: 403,
        body: expect.stringMatching(/too many new connections from this address/),
      });
      const next = [];
      for (let i = 0; i < 5; i += 1) next.push(await handshakeFrom(url, '127.0.0.3', ca));
      expect(next).toEqual(Array(5).fill('closed'));
      // Another address is not held up.
      expect(await handshakeFrom(url, '127.0.0.2', ca)).toMatchObject({ status: 200 });

      if (!tls) {
        // Closed early or answered, each refusal is counted.
        const scraped = await (await fetch(`${server.url}/metrics`)).text();
        expect(scraped).toMatch(/^duet_handshakes_refused_total\{reason="handshake-rate"\} 6$/m);
      }
    });
  }
});

describe('a flooding client', () => {
  it('is rate-limited then cut off, and other rooms get all their messages and nothing else', async () => {
    const rate = 20; // bursts of 40; cut after abuseDrops(rate) drops
    const server = await start({ MESSAGE_RATE: String(rate) });
    const [flooder, victim] = await pair(server, 'flood');
    const [alice, bob] = await pair(server, 'calm');
    const flooderId = flooder.id;

    const cut = new Promise<string>((resolve) => flooder.socket.once('disconnect', resolve));
    const bye = victim.next('bye');
    const FLOOD = 2000;
    const CALM = 30; // under one burst each
    for (let i = 0; i < FLOOD; i += 1) {
      flooder.emit('message', { roomId: 'flood', data: { type: 'candidate', value: i } });
      if (i < CALM) {
        alice.emit('message', { roomId: 'calm', data: { type: 'candidate', value: `a${i}` } });
        bob.emit('message', { roomId: 'calm', data: { type: 'candidate', value: `b${i}` } });
      }
    }

    expect(await cut).toBe('io server disconnect');
    expect(await bye).toEqual({ roomId: 'flood', userId: flooderId });
    await Promise.all([receivedCount(alice, 'message', CALM), receivedCount(bob, 'message', CALM)]);
    await Promise.all([alice.sync(), bob.sync(), victim.sync()]);

    // The calm room: every message, in order, from the other member only, no errors.
    expect(bob.received('message')).toEqual(
      Array.from({ length: CALM }, (_, i) => [
        { type: 'candidate', value: `a${i}` },
        { from: alice.id },
      ]),
    );
    expect(alice.received('message')).toHaveLength(CALM);
    expect([...alice.received('error'), ...bob.received('error')]).toEqual([]);

    // The flooder: told once that it was limited, then the last word; its room got about one burst.
    const errors = flooder.received('error').map(([e]) => (e as { message: string }).message);
    expect(errors).toEqual([
      expect.stringMatching(/events dropped until you slow down/),
      expect.stringMatching(/disconnected/),
    ]);
    const relayed = victim.received('message').length;
    expect(relayed).toBeGreaterThanOrEqual(2 * rate - 1);
    expect(relayed).toBeLessThan(FLOOD / 10);
    expect(await server.registry.members('flood')).toHaveLength(1);
    const scraped = await (await fetch(`${server.url}/metrics`)).text();
    expect(scraped).toMatch(/^duet_flood_disconnects_total 1$/m);
  });
});

describe('a client whose events keep being refused', () => {
  it('is answered each time up to MAX_REFUSALS within the window, then cut off', async () => {
    const server = await start(); // MESSAGE_RATE as shipped: all of this is within its burst
    const [stranger] = [await connect(server)];
    const cut = new Promise<string>((resolve) => stranger.socket.once('disconnect', resolve));
    for (let i = 0; i < 3 * MAX_REFUSALS; i += 1) {
      stranger.emit('message', { roomId: 'not-mine', data: { type: 'candidate', value: i } });
    }
    expect(await cut).toBe('io server disconnect');
    const codes = stranger.received('error').map(([e]) => (e as { code: string }).code);
    expect(codes).toEqual([...Array(MAX_REFUSALS + 1).fill('not-member'), 'rate-limited']);

    // A few refusals now and then are a client's mistakes, not a flood: it stays.
    const [alice] = [await connect(server)];
    for (let i = 0; i < 5; i += 1) {
      await alice.ask('error', 'message', { roomId: 'not-mine', data: { type: 'bye' } });
    }
    expect(alice.socket.connected).toBe(true);
    expect(await alice.join('room1')).toMatchObject({ userNum: 1 });
  });
});

describe('what a non-member learns', () => {
  it('gets the same answers for an occupied room as for an empty one', async () => {
    const server = await start();
    const [a, b] = await pair(server, 'occupied');
    const outsider = await connect(server);

    const answers = async (roomId: string) => ({
      message: await outsider.ask<{ code: string; message: string }>('error', 'message', {
        roomId,
        data: offer,
      }),
      leave: await outsider.ask('leaved', 'leave', { roomId }),
    });
    const occupied = await answers('occupied');
    const empty = await answers('vacant00');
    expect(JSON.stringify(occupied).replaceAll('occupied', 'ROOM')).toBe(
      JSON.stringify(empty).replaceAll('vacant00', 'ROOM'),
    );
    expect(JSON.stringify(occupied)).not.toContain(a.id);
    expect(JSON.stringify(occupied)).not.toContain(b.id);

    await Promise.all([a.sync(), b.sync()]);
    expect([...a.received('message'), ...b.received('message'), ...a.received('bye')]).toEqual([]);
  });
});
