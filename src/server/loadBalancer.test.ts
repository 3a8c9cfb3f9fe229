// The README's two-node set-up, run as written: its nginx block (only the addresses swapped for
// loopback ports) in a real nginx, in front of two real nodes sharing a real redis-server.
import { readFileSync } from 'node:fs';
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterNodes } from './testing/clusterNodes.js';
import { startNginx, type TestNginx } from './testing/nginx.js';
import { connect, type Peer } from './testing/peer.js';
import { removeTempDirs } from './testing/tempDirs.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's nginx block for `ports` (its two `server …:3000;` lines) and nginx's own port. */
function readmeSite(ports: readonly string[], edit: (block: string) => string = (b) => b) {
  const block = /```nginx\n([\s\S]*?)```/.exec(README)?.[1];
  if (block === undefined) throw new Error('README.md has no ```nginx block');
  const upstreams = block.match(/^\s*server\s+\S+:3000;/gm) ?? [];
  const listens = block.match(/^\s*listen\s+443 ssl;/gm) ?? [];
  if (upstreams.length !== ports.length || listens.length !== 1) {
    throw new Error('the README nginx block no longer has two upstream servers and one listen');
  }
  let next = 0;
  const local = block.replace(/server\s+\S+:3000;/g, () => `server 127.0.0.1:${ports[next++]};`);
  return (port: number) => edit(local.replace('listen 443 ssl;', `listen 127.0.0.1:${port};`));
}

const cluster = clusterNodes();
let nginx: TestNginx | undefined;
let rooms = 0;

afterEach(async () => {
  await nginx?.stop();
  nginx = undefined;
  removeTempDirs();
});

/** Two nodes with `env`, behind nginx running the README block (after `edit`). */
async function behindNginx(env: NodeJS.ProcessEnv, edit?: (block: string) => string) {
  const nodes = [
    await cluster.startOn(cluster.redis.url, env),
    await cluster.startOn(cluster.redis.url, env),
  ];
  const proxy = await startNginx(
    readmeSite(
      nodes.map((node) => new URL(node.url).port),
      edit,
    ),
  );
  nginx = proxy;
  return { proxy, nodes };
}

type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** A websocket client bound to `address` (engine.io-client hands `localAddress` to ws in Node;
 *  its types do not list it). */
const boundTo = (address: string, extraHeaders: Record<string, string> = {}) =>
  ({ localAddress: address, extraHeaders, transports: ['websocket'] }) as unknown as ClientOptions;

/** Two clients meet in a fresh room and relay one message each way. */
async function callThrough(url: string, options: ClientOptions): Promise<[Peer, Peer]> {
  const roomId = `lb-${++rooms}`;
  const [a, b] = [await connect({ url }, options), await connect({ url }, options)];
  expect(await a.join(roomId)).toMatchObject({ userNum: 1 });
  expect(await b.join(roomId)).toMatchObject({ userNum: 2, peers: [a.id] });
  const offer = { type: 'offer', value: { sdp: 'v=0' } };
  const atB = b.next('message');
  a.emit('message', { roomId, data: offer });
  expect(await atB).toEqual(offer);
  const atA = a.next('message');
  b.emit('message', { roomId, data: { type: 'answer', value: { sdp: 'v=0' } } });
  expect(await atA).toMatchObject({ type: 'answer' });
  return [a, b];
}

const upgraded = (peer: Peer) =>
  new Promise<string>((resolve) => {
    const engine = peer.socket.io.engine;
    if (engine.transport.name === 'websocket') resolve('websocket');
    else engine.once('upgrade', (transport) => resolve(transport.name));
  });

describe("the README's nginx set-up in front of two nodes", () => {
  it('carries polling-then-upgrade, websocket-only and polling-only clients from a page on a non-default port', async () => {
    const { proxy } = await behindNginx({ TRUSTED_PROXIES: '127.0.0.1' });
    // A browser page served through nginx sends its own origin, port included.
    const browser = { extraHeaders: { Origin: proxy.url } };

    const tutorial = await callThrough(proxy.url, {
      ...browser,
      transports: ['polling', 'websocket'],
    });
    expect(await Promise.all(tutorial.map(upgraded))).toEqual(['websocket', 'websocket']);
    await callThrough(proxy.url, { ...browser, transports: ['websocket'] });
    const polling = await callThrough(proxy.url, { ...browser, transports: ['polling'] });
    expect(polling.map((peer) => peer.socket.io.engine.transport.name)).toEqual([
      'polling',
      'polling',
    ]);
  });

  it('keeps /metrics for the inside and passes the rest of HTTP through', async () => {
    const { proxy, nodes } = await behindNginx({});
    const through = (path: string) => fetch(`${proxy.url}${path}`);
    expect((await through('/metrics')).status).toBe(403);
    expect((await fetch(`${nodes[0]!.url}/metrics`)).status).toBe(200);
    const ready = await through('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('strict-transport-security')).toBe('max-age=15552000');
    // ICE servers answer room members only, whichever node the request lands on.
    expect((await through('/api/ice-servers')).status).toBe(401);
    const member = await connect(nodes[1]!);
    const { iceToken } = await member.join(`lb-${++rooms}`);
    const authorized = await fetch(`${proxy.url}/api/ice-servers`, {
      headers: { Authorization: `Bearer ${String(iceToken)}` },
    });
    expect(authorized.status).toBe(200);
    expect(await authorized.json()).toHaveProperty('iceServers');
  });

  it('refuses a page of another origin through it', async () => {
    const { proxy } = await behindNginx({});
    const foreign = { extraHeaders: { Origin: 'https://evil.example' } };
    await expect(connect({ url: proxy.url }, foreign)).rejects.toThrow();
  });

  it('counts MAX_CONNECTIONS_PER_IP per client address behind it, not believing a forged header', async () => {
    const { proxy } = await behindNginx({
      MAX_CONNECTIONS_PER_IP: '1',
      TRUSTED_PROXIES: '127.0.0.1',
    });
    // ip_hash keys IPv4 clients on their first three octets: all of 127.0.0.x reach one node.
    const from = (address: string, headers?: Record<string, string>) =>
      connect({ url: proxy.url }, boundTo(address, headers));

    await from('127.0.0.2');
    await from('127.0.0.3');
    await expect(from('127.0.0.2')).rejects.toThrow();
    // A client cannot pass itself off as another (the cap is per address it really has).
    const forged = await from('127.0.0.4', { 'X-Forwarded-For': '127.0.0.2' });
    expect(forged.socket.connected).toBe(true);
    await expect(from('127.0.0.4', { 'X-Forwarded-For': '127.0.0.9' })).rejects.toThrow();
  });

  it('without TRUSTED_PROXIES counts every client under nginx’s address', async () => {
    const { proxy } = await behindNginx({ MAX_CONNECTIONS_PER_IP: '1' });
    await connect({ url: proxy.url }, boundTo('127.0.0.2'));
    await expect(connect({ url: proxy.url }, boundTo('127.0.0.3'))).rejects.toThrow();
  });

  it('without ip_hash a polling client cannot connect: why the README asks for sticky sessions', async () => {
    const { proxy } = await behindNginx({}, (block) => block.replace(/ip_hash;.*\n/, ''));
    // Round robin: the handshake reaches one node, the next request of the session the other.
    await expect(connect({ url: proxy.url }, { transports: ['polling'] })).rejects.toThrow();
    await callThrough(proxy.url, { transports: ['websocket'] });
  });
});
