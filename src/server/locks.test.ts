// Locked rooms on the real server (port 0, in-memory registry) with real socket.io clients:
// knocks admitted, declined, timed out or withdrawn; passcodes and their limits; seats kept
// through a reload; and what someone outside a locked room can learn (nothing).
import { afterEach, describe, expect, it } from 'vitest';
import { PASSCODE_TRY_LIMITS } from './rooms/passcode.js';
import { closeAll, connect, disconnect, offer, start, type Peer } from './testing/signaling.js';

afterEach(closeAll);

const KNOCK_MS = 400;
const startShort = (env: NodeJS.ProcessEnv = {}) =>
  start(env, undefined, {}, { knockTimeoutMs: KNOCK_MS });

/** A client id per name, so a "reload" (a new socket) comes back as the same person. */
const clientIdOf = (name: string) => `client-${name}-0123456789`;

/** A member that has locked `roomId` (knock only, or with `passcode`). */
async function lockedRoom(server: { url: string }, roomId: string, passcode?: string) {
  const owner = await connect(server);
  await owner.ask('joined', 'join', { roomId, clientId: clientIdOf('owner') });
  const locked = await owner.ask('locked', 'lock', {
    roomId,
    locked: true,
    ...(passcode === undefined ? {} : { passcode }),
  });
  expect(locked).toEqual({
    roomId,
    locked: true,
    hasPasscode: passcode !== undefined,
    by: expect.any(String),
  });
  return owner;
}

/** Emits a join and resolves with the first of `replies` that comes back, and its payload. */
function answerTo(peer: Peer, payload: object, replies = ['joined', 'knocking', 'denied', 'full']) {
  return new Promise<{ event: string; payload: Record<string, unknown> }>((resolve) => {
    const listeners = replies.map((event) => {
      const listener = (body: Record<string, unknown>) => {
        replies.forEach((other, i) => peer.socket.off(other, listeners[i]!));
        resolve({ event, payload: body });
      };
      peer.socket.on(event, listener);
      return listener;
    });
    peer.emit('join', payload);
  });
}

describe('a locked room', () => {
  it('asks its members about a knocker, who is seated once admitted', async () => {
    const server = await startShort();
    const owner = await lockedRoom(server, 'door');
    const knocked = owner.next('knock');
    const ana = await connect(server);
    expect(await answerTo(ana, { roomId: 'door', name: ' Ana\u202e ' })).toEqual({
      event: 'knocking',
      payload: { roomId: 'door', expiresInMs: KNOCK_MS },
    });
    const knock = await knocked;
    expect(knock).toEqual({
      roomId: 'door',
      knockId: expect.stringMatching(/^[\w-]{22}$/),
      name: 'Ana',
      expiresInMs: KNOCK_MS,
    });
    // Not a member while knocking.
    expect(await ana.ask('error', 'message', { roomId: 'door', data: offer })).toMatchObject({
      code: 'not-member',
    });

    const closed = owner.next('knockclosed');
    const arrived = owner.next('otherjoined');
    const joined = ana.next('joined');
    owner.emit('admit', { roomId: 'door', knockId: knock.knockId });
    expect(await joined).toMatchObject({ roomId: 'door', userNum: 2, locked: true });
    expect(await closed).toEqual({ roomId: 'door', knockId: knock.knockId, outcome: 'admitted' });
    expect(await arrived).toEqual({ roomId: 'door', userId: ana.id });
    const relayed = owner.next('message');
    ana.emit('message', { roomId: 'door', data: offer });
    expect(await relayed).toEqual(offer);
  });

  it('turns a declined knocker away, and one nobody answers when the knock times out', async () => {
    const server = await startShort();
    const owner = await lockedRoom(server, 'door');
    const [ana, bob] = [await connect(server), await connect(server)];

    const knocked = owner.next('knock');
    ana.emit('join', { roomId: 'door' });
    const { knockId } = await knocked;
    const denied = ana.next('denied');
    const declined = owner.next('knockclosed');
    owner.emit('decline', { roomId: 'door', knockId });
    expect(await denied).toEqual({ roomId: 'door', reason: 'declined' });
    expect(await declined).toMatchObject({ outcome: 'declined' });

    const timedOut = owner.next('knockclosed');
    const started = performance.now();
    expect(await answerTo(bob, { roomId: 'door' })).toMatchObject({ event: 'knocking' });
    expect(await bob.next('denied')).toEqual({ roomId: 'door', reason: 'timeout' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(KNOCK_MS - 50);
    expect(await timedOut).toMatchObject({ outcome: 'timeout' });
    // An answer that comes too late changes nothing.
    owner.emit('admit', { roomId: 'door', knockId });
    await owner.sync();
    expect(await server.registry.members('door')).toHaveLength(1);
  });

  it('tells the members when a knocker gives up or goes away', async () => {
    const server = await startShort();
    const owner = await lockedRoom(server, 'door');
    const ana = await connect(server);
    await answerTo(ana, { roomId: 'door' });
    const withdrawn = owner.next('knockclosed');
    expect(await ana.ask('leaved', 'leave', { roomId: 'door' })).toEqual({ roomId: 'door' });
    expect(await withdrawn).toMatchObject({ outcome: 'withdrawn' });

    await answerTo(ana, { roomId: 'door' });
    const gone = owner.next('knockclosed');
    await disconnect(server, ana);
    expect(await gone).toMatchObject({ outcome: 'withdrawn' });
  });

  it('keeps an admitted member seated through a reload, and a stale seat never locks its owner out', async () => {
    const server = await startShort();
    const owner = await lockedRoom(server, 'door');
    const ana = await connect(server);
    const knocked = owner.next('knock');
    ana.emit('join', { roomId: 'door', clientId: clientIdOf('ana') });
    const admitted = ana.next('joined');
    owner.emit('admit', { roomId: 'door', knockId: (await knocked).knockId });
    const { userId } = await admitted;

    // Ana reloads: her page leaves, a new socket joins with the same client id, no knock.
    await disconnect(server, ana);
    const reloaded = await connect(server);
    expect(await answerTo(reloaded, { roomId: 'door', clientId: clientIdOf('ana') })).toMatchObject(
      { event: 'joined', payload: { userId, userNum: 2, locked: true } },
    );

    // The owner's socket goes stale (still seated, the room full): its reload takes the seat back.
    const ownerAgain = await connect(server);
    const evicted = owner.next('leaved');
    expect(
      await answerTo(ownerAgain, { roomId: 'door', clientId: clientIdOf('owner') }),
    ).toMatchObject({ event: 'joined', payload: { userNum: 2, locked: true } });
    expect(await evicted).toEqual({ roomId: 'door' });
  });

  it('keeps its lock while its only member reloads', async () => {
    const server = await startShort();
    const owner = await lockedRoom(server, 'door');
    await disconnect(server, owner);
    const stranger = await connect(server);
    expect(await answerTo(stranger, { roomId: 'door' })).toMatchObject({ event: 'knocking' });
    const back = await connect(server);
    expect(await answerTo(back, { roomId: 'door', clientId: clientIdOf('owner') })).toMatchObject({
      event: 'joined',
      payload: { userNum: 1, locked: true },
    });
  });

  it('opens again when a member unlocks it; only members may lock, admit or decline', async () => {
    const server = await startShort();
    const owner = await lockedRoom(server, 'door');
    const outsider = await connect(server);
    const knock = owner.next('knock');
    await answerTo(outsider, { roomId: 'door' });
    const { knockId } = await knock;
    // A member of another room cannot answer this knock by its id, nor can the knocker.
    const elsewhere = await connect(server);
    await elsewhere.join('elsewhere');
    elsewhere.emit('admit', { roomId: 'elsewhere', knockId });
    for (const event of ['lock', 'admit', 'decline']) {
      const payload =
        event === 'lock' ? { roomId: 'door', locked: false } : { roomId: 'door', knockId };
      expect(await outsider.ask('error', event, payload)).toEqual({
        code: 'not-member',
        message: `${event}: not a member of room 'door'`,
      });
    }
    await elsewhere.sync();
    expect(await server.registry.members('door')).toHaveLength(1);

    expect(await owner.ask('locked', 'lock', { roomId: 'door', locked: false })).toMatchObject({
      locked: false,
      hasPasscode: false,
    });
    expect(await answerTo(await connect(server), { roomId: 'door' })).toMatchObject({
      event: 'joined',
      payload: { locked: false },
    });
  });
});

describe('a passcode', () => {
  it('locks the open room it is brought to, and lets in whoever brings it again', async () => {
    const server = await startShort();
    const first = await connect(server);
    expect(await answerTo(first, { roomId: 'booked', passcode: ' tulip 42 ' })).toMatchObject({
      event: 'joined',
      payload: { locked: true, hasPasscode: true },
    });
    const stored = JSON.stringify(await server.registry.lockOf('booked', 'x'));
    expect(stored).not.toContain('tulip');

    const wrong = await connect(server);
    expect(await answerTo(wrong, { roomId: 'booked', passcode: 'tulip 43' })).toEqual({
      event: 'denied',
      payload: { roomId: 'booked', reason: 'passcode' },
    });
    const knocked = first.next('knock');
    expect(await answerTo(wrong, { roomId: 'booked' })).toMatchObject({ event: 'knocking' });
    await knocked;

    const right = await connect(server);
    expect(await answerTo(right, { roomId: 'booked', passcode: 'tulip 42' })).toMatchObject({
      event: 'joined',
      payload: { userNum: 2, locked: true, hasPasscode: true },
    });
  });

  it('brought into an occupied open room locks it, and the members are told', async () => {
    const server = await startShort();
    const host = await connect(server);
    await host.join('open');
    const locked = host.next('locked');
    const guest = await connect(server);
    await answerTo(guest, { roomId: 'open', passcode: 'lilac 7' });
    expect(await locked).toEqual({ roomId: 'open', locked: true, hasPasscode: true, by: guest.id });
    // The host was seated, so the host is admitted: its reload would not knock.
    expect(await server.registry.lockOf('open', host.id)).toMatchObject({ admitted: true });
  });

  it('set by a member lets a later joiner in without knocking', async () => {
    const server = await startShort();
    await lockedRoom(server, 'later', 'pass-word');
    expect(
      await answerTo(await connect(server), { roomId: 'later', passcode: 'pass-word' }),
    ).toMatchObject({
      event: 'joined',
    });
  });

  it('is refused the same way by a room that only knocks', async () => {
    const server = await startShort();
    await lockedRoom(server, 'knock-only');
    await lockedRoom(server, 'with-code', 'the-real-one');
    const peer = await connect(server);
    const a = await answerTo(peer, { roomId: 'knock-only', passcode: 'a guess' });
    const b = await answerTo(peer, { roomId: 'with-code', passcode: 'a guess' });
    expect(a).toEqual({ event: 'denied', payload: { roomId: 'knock-only', reason: 'passcode' } });
    expect(b).toEqual({ event: 'denied', payload: { roomId: 'with-code', reason: 'passcode' } });
  });

  it('that is malformed is bad input', async () => {
    const server = await startShort();
    const peer = await connect(server);
    expect(await peer.ask('error', 'join', { roomId: 'r', passcode: 'abc' })).toMatchObject({
      code: 'bad-passcode',
    });
    expect(await peer.ask('error', 'join', { roomId: 'r', passcode: 7 })).toMatchObject({
      code: 'bad-passcode',
    });
  });
});

describe('passcode guessing', () => {
  // Wrong tries come from many addresses (TRUSTED_PROXIES + X-Forwarded-For on loopback).
  const from = (server: { url: string }, address: string) =>
    connect(server, { extraHeaders: { 'X-Forwarded-For': address } });
  const trusted = { TRUSTED_PROXIES: '127.0.0.1', JOIN_RATE: '0' };

  it(`is cut off after ${PASSCODE_TRY_LIMITS.perRoom} wrong tries at one room, from whatever addresses, even for the right passcode`, async () => {
    const server = await startShort(trusted);
    await lockedRoom(server, 'vault', 'open sesame');
    const reasons: unknown[] = [];
    for (let i = 0; i < PASSCODE_TRY_LIMITS.perRoom + 2; i += 1) {
      const guesser = await from(server, `198.51.100.${i + 1}`);
      reasons.push(
        (await answerTo(guesser, { roomId: 'vault', passcode: `guess ${i}` })).payload.reason,
      );
    }
    expect(reasons).toEqual([
      ...Array<string>(PASSCODE_TRY_LIMITS.perRoom).fill('passcode'),
      'throttled',
      'throttled',
    ]);
    const rightful = await from(server, '203.0.113.9');
    expect(await answerTo(rightful, { roomId: 'vault', passcode: 'open sesame' })).toEqual({
      event: 'denied',
      payload: { roomId: 'vault', reason: 'throttled' },
    });
    // Knocking still works: the members can let the rightful guest in.
    expect(await answerTo(rightful, { roomId: 'vault' })).toMatchObject({ event: 'knocking' });
    // Another room is not affected.
    await lockedRoom(server, 'other', 'open sesame');
    expect(
      await answerTo(await from(server, '203.0.113.9'), {
        roomId: 'other',
        passcode: 'open sesame',
      }),
    ).toMatchObject({
      event: 'joined',
    });
  }, 30_000);

  it(`is cut off after ${PASSCODE_TRY_LIMITS.perAddress} wrong tries from one address, whatever rooms`, async () => {
    const server = await startShort(trusted);
    const rooms = Array.from({ length: 3 }, (_, i) => `room-${i}`);
    for (const roomId of rooms) await lockedRoom(server, roomId, 'right one');
    const guesser = await from(server, '192.0.2.66');
    const reasons: unknown[] = [];
    for (let i = 0; i < PASSCODE_TRY_LIMITS.perAddress + 1; i += 1) {
      const roomId = rooms[i % rooms.length]!;
      // Each room stays under its own limit: 7 tries at most.
      reasons.push((await answerTo(guesser, { roomId, passcode: `guess ${i}` })).payload.reason);
    }
    expect(reasons.filter((r) => r === 'passcode')).toHaveLength(PASSCODE_TRY_LIMITS.perAddress);
    expect(reasons.at(-1)).toBe('throttled');
    // Someone else, at another address, is not held up.
    expect(
      await answerTo(await from(server, '192.0.2.67'), { roomId: 'room-0', passcode: 'right one' }),
    ).toMatchObject({ event: 'joined' });
    const scraped = await (await fetch(`${server.url}/metrics`)).text();
    expect(scraped).toMatch(/^duet_denied_total\{reason="passcode"\} 20$/m);
    expect(scraped).toMatch(/^duet_denied_total\{reason="throttled"\} 1$/m);
  }, 30_000);
});

describe('what someone outside a locked room learns', () => {
  it('the same answers, at the same time, whether the room has members, is full or is empty', async () => {
    const server = await startShort();
    // Three locked rooms: one full, one with one member, one whose members have all left.
    const full = await lockedRoom(server, 'full');
    const second = await connect(server);
    const knock = full.next('knock');
    second.emit('join', { roomId: 'full' });
    full.emit('admit', { roomId: 'full', knockId: (await knock).knockId });
    await second.next('joined');
    await lockedRoom(server, 'one');
    const leaver = await lockedRoom(server, 'empty');
    await disconnect(server, leaver);

    const outsider = await connect(server);
    const transcript = async (roomId: string) => {
      const started = performance.now();
      const first = await answerTo(outsider, { roomId, name: 'Eve' });
      const denied = await outsider.next('denied');
      const elapsed = performance.now() - started;
      const answers = [
        first,
        denied,
        await answerTo(outsider, { roomId, passcode: 'a guess' }),
        await outsider.ask('error', 'message', { roomId, data: offer }),
        await outsider.ask('error', 'lock', { roomId, locked: false }),
        await outsider.ask('error', 'admit', { roomId, knockId: 'k'.repeat(22) }),
        await outsider.ask('leaved', 'leave', { roomId }),
      ];
      return { text: JSON.stringify(answers).replaceAll(roomId, 'ROOM'), elapsed };
    };
    const [a, b, c] = [
      await transcript('full'),
      await transcript('one'),
      await transcript('empty'),
    ];
    expect(b.text).toBe(a.text);
    expect(c.text).toBe(a.text);
    // Each knock ran its full time, nobody being there to answer or not.
    for (const { elapsed } of [a, b, c]) expect(elapsed).toBeGreaterThanOrEqual(KNOCK_MS - 50);
    expect(a.text).not.toMatch(/userNum|peers|userId|credential|iceToken/);
  });
});
