// The real server on port 0, talked to by real socket.io clients. No sleeps: every wait is for an
// event, and "nothing arrived" is checked after a later event that the server orders after it.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DATA_BYTES, MAX_ROOMS_PER_SOCKET } from '../shared/protocol.js';
import { MemoryRoomRegistry } from './rooms/memoryRegistry.js';
import type { RoomRegistry } from './rooms/registry.js';
import { closeAll, connect, disconnect, offer, pair, start } from './testing/signaling.js';

afterEach(closeAll);

describe('joining', () => {
  it('seats two members, telling the first about the second', async () => {
    const server = await start({ STUN_URLS: 'stun:stun.example:3478' });
    const [a, b] = [await connect(server), await connect(server)];

    const first = await a.join(' room1 ');
    expect(first).toEqual({
      roomId: 'room1',
      userNum: 1,
      userId: a.id,
      peers: [],
      iceServers: [{ urls: ['stun:stun.example:3478'] }],
      iceTtl: 86400,
      iceToken: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      locked: false,
      hasPasscode: false,
    });

    const otherjoined = a.next('otherjoined');
    const second = await b.join('room1');
    expect(second).toMatchObject({ roomId: 'room1', userNum: 2, userId: b.id, peers: [a.id] });
    expect(await otherjoined).toEqual({ roomId: 'room1', userId: b.id });
  });

  it('refuses a third member, who is then no member at all', async () => {
    const server = await start();
    const [a, b] = await pair(server);
    const c = await connect(server);

    expect(await c.ask('full', 'join', { roomId: 'room1' })).toEqual({
      roomId: 'room1',
      userNum: 2,
    });

    expect(await c.ask('error', 'message', { roomId: 'room1', data: offer })).toMatchObject({
      code: 'not-member',
    });

    await disconnect(server, c);
    await Promise.all([a.sync(), b.sync()]);
    expect([...a.received('bye'), ...b.received('bye'), ...a.received('message')]).toEqual([]);
    expect(await server.registry.members('room1')).toHaveLength(2);
  });

  it('seats up to ROOM_CAPACITY members', async () => {
    const server = await start({ ROOM_CAPACITY: '3' });
    const [a, b] = await pair(server);
    const c = await connect(server);
    expect(await c.join('room1')).toMatchObject({ userNum: 3, peers: [a.id, b.id] });

    const d = await connect(server);
    expect(await d.ask('full', 'join', { roomId: 'room1' })).toEqual({
      roomId: 'room1',
      userNum: 3,
    });
  });

  it('answers a repeated join with joined again and tells nobody', async () => {
    const server = await start();
    const [a, b] = await pair(server);
    expect(await a.join('room1')).toMatchObject({ userNum: 2, userId: a.id, peers: [b.id] });
    await b.sync();
    expect(b.received('otherjoined')).toEqual([]);
  });

  it(`limits a connection to ${MAX_ROOMS_PER_SOCKET} rooms`, async () => {
    const server = await start();
    const a = await connect(server);
    for (let i = 0; i < MAX_ROOMS_PER_SOCKET; i += 1) await a.join(`room${i}`);
    expect(await a.ask('error', 'join', { roomId: 'one-too-many' })).toMatchObject({
      code: 'too-many-rooms',
    });
    expect(await server.registry.members('one-too-many')).toEqual([]);
  });

  it('keeps the order of a join immediately followed by a leave', async () => {
    const server = await start();
    const a = await connect(server);
    const joined = a.next('joined');
    const leaved = a.next('leaved');
    a.emit('join', { roomId: 'quick' });
    a.emit('leave', { roomId: 'quick' });
    await Promise.all([joined, leaved]);
    expect(await server.registry.size()).toBe(0);
  });

  it('works over HTTP long-polling, as tutorial clients start', async () => {
    const server = await start();
    const a = await connect(server, { transports: ['polling'] });
    const b = await connect(server, { transports: ['polling'] });
    await a.join('poll');
    await b.join('poll');
    const message = b.next('message');
    a.emit('message', { roomId: 'poll', data: offer });
    expect(await message).toEqual(offer);
  });
});

describe('relaying messages', () => {
  it('relays to the other member only, with who sent it', async () => {
    const server = await start();
    const [a, b] = await pair(server);

    const atB = new Promise((resolve) => b.socket.once('message', (...args) => resolve(args)));
    a.emit('message', { roomId: 'room1', data: offer });
    expect(await atB).toEqual([offer, { from: a.id }]);

    const answer = { type: 'answer', value: { sdp: 'v=0' } };
    const atA = a.next('message');
    b.emit('message', { roomId: 'room1', data: answer });
    expect(await atA).toEqual(answer);
    // a got b's answer, so the server is past a's offer: it was not echoed back.
    expect(a.received('message')).toEqual([[answer, { from: b.id }]]);
  });

  it('reaches every other member of a larger room', async () => {
    const server = await start({ ROOM_CAPACITY: '3' });
    const [a, b] = await pair(server);
    const c = await connect(server);
    await c.join('room1');
    const delivered = Promise.all([b.next('message'), c.next('message')]);
    a.emit('message', { roomId: 'room1', data: offer });
    expect(await delivered).toEqual([offer, offer]);
  });

  it('refuses a message from a non-member and delivers nothing', async () => {
    const server = await start();
    const [a, b] = await pair(server);
    const outsider = await connect(server);
    await outsider.join('elsewhere');

    expect(await outsider.ask('error', 'message', { roomId: 'room1', data: offer })).toMatchObject({
      code: 'not-member',
    });

    await Promise.all([a.sync(), b.sync()]);
    expect([...a.received('message'), ...b.received('message')]).toEqual([]);
  });

  it('drops messages over MESSAGE_RATE, answering rate-limited once per run of drops', async () => {
    const server = await start({ MESSAGE_RATE: '2' }); // bursts of 4, the joins take 1 each
    const [a, b] = await pair(server);
    const errors: unknown[] = [];
    a.socket.on('error', (e: unknown) => errors.push(e));
    const flood = async () => {
      for (let i = 0; i < 10; i += 1) a.emit('message', { roomId: 'room1', data: offer });
      await a.sync();
      await b.sync();
    };

    await flood();
    const firstRun = b.received('message').length;
    expect(firstRun).toBeGreaterThanOrEqual(3);
    expect(firstRun).toBeLessThanOrEqual(4);
    expect(errors).toEqual([{ code: 'rate-limited', message: expect.stringMatching(/2 events/) }]);

    // Once the bucket refills, events pass again; the next run of drops is answered again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await flood();
    expect(b.received('message').length).toBeGreaterThan(firstRun);
    expect(errors).toHaveLength(2);
    expect(a.socket.connected).toBe(true);
  });
});

describe('leaving', () => {
  it('says bye to the others and leaved to the leaver', async () => {
    const server = await start();
    const [a, b] = await pair(server);
    const bye = b.next('bye');
    const leaved = a.next('leaved');
    a.emit('leave', { roomId: 'room1' });
    expect(await bye).toEqual({ roomId: 'room1', userId: a.id });
    expect(await leaved).toEqual({ roomId: 'room1' });

    expect(await a.ask('error', 'message', { roomId: 'room1', data: offer })).toMatchObject({
      code: 'not-member',
    });
  });

  it('answers leaved to a leave for a room one is not in, telling nobody', async () => {
    const server = await start();
    const [a, b] = await pair(server);
    const outsider = await connect(server);
    expect(await outsider.ask('leaved', 'leave', { roomId: 'room1' })).toEqual({ roomId: 'room1' });
    await Promise.all([a.sync(), b.sync()]);
    expect([...a.received('bye'), ...b.received('bye')]).toEqual([]);
  });

  it('says bye when a member disconnects, and deletes the emptied room', async () => {
    const server = await start();
    const [a, b] = await pair(server);
    const [bye, userId] = [b.next('bye'), a.id];
    a.socket.disconnect();
    expect(await bye).toEqual({ roomId: 'room1', userId });
    await disconnect(server, b);
    expect(await server.registry.size()).toBe(0);
  });
});

describe('taking over a seat with the same clientId', () => {
  it('tells the others a rejoin with `resume` is the same member resuming its call', async () => {
    const server = await start();
    const clientId = 'tab-resume-0123456789';
    const [first, other] = [await connect(server), await connect(server)];
    const { userId } = await first.join('room1', clientId);
    await other.join('room1');

    // The signaling socket dropped and came back: a new socket, same client, call still up.
    const back = await connect(server);
    const again = other.next('otherjoined');
    await back.ask('joined', 'join', { roomId: 'room1', clientId, resume: true });
    expect(await again).toEqual({ roomId: 'room1', userId, resumed: true });
  });

  it('replaces the old socket without filling the room or saying bye', async () => {
    const server = await start();
    const clientId = 'tab-0123456789abcdef';
    const [old, other] = [await connect(server), await connect(server)];
    const first = await old.join('room1', clientId);
    const userId = first.userId;
    expect(userId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(JSON.stringify(first)).not.toContain(clientId);
    await other.join('room1');

    const reloaded = await connect(server);
    const evicted = old.next('leaved');
    const again = other.next('otherjoined');
    expect(await reloaded.join('room1', clientId)).toMatchObject({
      userNum: 2,
      userId,
      peers: [other.id],
    });
    expect(await again).toEqual({ roomId: 'room1', userId });
    expect(await evicted).toEqual({ roomId: 'room1' });

    // The old socket is no member any more, and its disconnect tells nobody.
    expect(await old.ask('error', 'message', { roomId: 'room1', data: offer })).toMatchObject({
      code: 'not-member',
    });
    await disconnect(server, old);

    const relayed = other.next('message');
    reloaded.emit('message', { roomId: 'room1', data: offer });
    expect(await relayed).toEqual(offer);
    await Promise.all([other.sync(), reloaded.sync()]);
    expect(other.received('bye')).toEqual([]);
    expect(other.received('message')).toEqual([[offer, { from: userId }]]);
    expect(await server.registry.members('room1')).toHaveLength(2);
  });
});

describe('bad input', () => {
  const tooLarge = { type: 'offer', value: 'x'.repeat(MAX_DATA_BYTES) };
  const cases: [string, string, unknown[]][] = [
    ['bad-payload', 'join', [null]],
    ['bad-payload', 'join', ['room1']],
    ['bad-payload', 'join', [42]],
    ['bad-payload', 'join', [['room1']]],
    ['bad-payload', 'join', []],
    ['bad-payload', 'join', [{ roomId: 'room1' }, 'extra']],
    ['bad-room-id', 'join', [{}]],
    ['bad-room-id', 'join', [{ roomId: '' }]],
    ['bad-room-id', 'join', [{ roomId: 'a b' }]],
    ['bad-room-id', 'join', [{ roomId: 'a/b' }]],
    ['bad-room-id', 'join', [{ roomId: 'x'.repeat(65) }]],
    ['bad-client-id', 'join', [{ roomId: 'room1', clientId: 'short' }]],
    ['bad-payload', 'message', [{ roomId: 'room1' }]],
    ['bad-payload', 'message', [{ roomId: 'room1', data: 'offer' }]],
    ['bad-payload', 'message', [{ roomId: 'room1', data: offer }, 7]],
    ['unknown-type', 'message', [{ roomId: 'room1', data: {} }]],
    ['unknown-type', 'message', [{ roomId: 'room1', data: { type: 'exec' } }]],
    ['too-large', 'message', [{ roomId: 'room1', data: tooLarge }]],
    ['bad-room-id', 'message', [{ roomId: 'room🎉', data: offer }]],
    ['not-member', 'message', [{ roomId: 'other', data: offer }]],
    ['bad-payload', 'leave', ['room1']],
    ['bad-room-id', 'leave', [{ roomId: ' ' }]],
    ['unknown-event', 'hack', [{ roomId: 'room1' }]],
  ];

  it(`answers ${cases.length} malformed payloads with error and stays usable`, async () => {
    const server = await start({ MESSAGE_RATE: '0' });
    const [a, b] = await pair(server);
    for (const [code, event, args] of cases) {
      const error = a.next<{ code: string; message: string }>('error');
      a.emit(event, ...args);
      const received = await error;
      expect({ event, args: args.length, code: received.code }).toEqual({
        event,
        args: args.length,
        code,
      });
      expect(received.message).not.toBe('');
    }
    expect(a.socket.connected).toBe(true);

    const relayed = b.next('message');
    a.emit('message', { roomId: 'room1', data: offer });
    expect(await relayed).toEqual(offer);
    expect(b.received('message')).toHaveLength(1);
    expect(b.received('error')).toEqual([]);
  });

  it('answers an acknowledgement callback as bad input', async () => {
    const server = await start();
    const a = await connect(server);
    const error = a.next('error');
    a.socket.emit('join', { roomId: 'room1' }, () => undefined);
    expect(await error).toMatchObject({ code: 'bad-payload' });
  });
});

describe('origins', () => {
  it('refuses a browser from another origin at the handshake', async () => {
    const server = await start();
    const refused = connect(server, { extraHeaders: { Origin: 'https://evil.example' } });
    await expect(refused).rejects.toThrow();
  });

  it('lets in the server’s own origin, listed origins and non-browsers', async () => {
    const server = await start({ ALLOWED_ORIGINS: 'https://app.example' });
    const own = `http://127.0.0.1:${server.port}`;
    await connect(server, { extraHeaders: { Origin: own } });
    await connect(server, { extraHeaders: { Origin: 'https://app.example' } });
    await connect(server);
    await expect(
      connect(server, { extraHeaders: { Origin: 'https://evil.example' } }),
    ).rejects.toThrow();
  });
});

describe('failures inside the server', () => {
  it('answers internal when the registry fails, and the socket stays usable', async () => {
    const registry = new MemoryRoomRegistry();
    const broken: RoomRegistry = {
      join: (roomId, ...rest) =>
        roomId === 'broken'
          ? Promise.reject(new Error('registry down'))
          : registry.join(roomId, ...rest),
      leave: (...args) => registry.leave(...args),
      members: (roomId) => registry.members(roomId),
      size: () => registry.size(),
      ready: () => registry.ready(),
      lockOf: (...args) => registry.lockOf(...args),
      setLock: (...args) => registry.setLock(...args),
      takePasscodeTry: (...args) => registry.takePasscodeTry(...args),
      refundPasscodeTry: (...args) => registry.refundPasscodeTry(...args),
    };
    const server = await start({}, broken);
    const a = await connect(server);
    expect(await a.ask('error', 'join', { roomId: 'broken' })).toEqual({
      code: 'internal',
      message: 'internal server error',
    });
    expect(await a.join('fine')).toMatchObject({ roomId: 'fine', userNum: 1 });
  });
});
