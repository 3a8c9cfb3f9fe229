// Fuzzing the real server: thousands of random and malformed events from many sockets, while two
// legitimate rooms talk. Seeded (FUZZ_SEED), so a failure reproduces with the seed it prints.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, MAX_DATA_BYTES, MAX_PACKET_BYTES } from '../shared/protocol.js';
import {
  closeAll,
  connect,
  pair,
  receivedCount,
  start,
  type Peer,
  type TestServer,
} from './testing/signaling.js';

afterEach(closeAll);

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const FUZZERS = 12;
const EVENTS_PER_FUZZER = 250;
const LEGIT_MESSAGES = 40;
/**
 * Server and clients share this one thread, which a storm of 64 KiB payloads can keep busy past
 * the production heartbeat (8 s) on a loaded machine; heartbeats are not what is tested here.
 */
const PATIENT_HEARTBEAT = { pingInterval: 25_000, pingTimeout: 20_000 };
/** Rates are tested elsewhere; here every event must reach the handlers. */
const UNLIMITED = {
  MESSAGE_RATE: '0',
  MAX_CONNECTIONS_PER_IP: '0',
  HANDSHAKE_RATE: '0',
  JOIN_RATE: '0',
};

/** mulberry32: small, fast, good enough to drive a fuzzer reproducibly. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const ROOMS = ['legit-a', 'legit-b', 'f1', 'f2', 'f3', ' f1 ', 'F1', 'é', '', 'a b', '../x', '🎉'];
const TYPES = ['offer', 'answer', 'candidate', 'call', 'hangup', 'media-state', 'exec', '', 7];
const KNOWN = new Set(['join', 'message', 'leave', 'lock', 'admit', 'decline']);

/** One big string per event at most: two would pass the packet limit and close the connection
 * (the raw-packet case covers that). */
interface Budget {
  big: number;
}

/** Short strings of awkward characters, or once per event up to just over MAX_DATA_BYTES. */
function randomString(rng: Rng, budget: Budget): string {
  const escaped = ['\u0000', '"', '\\', 'é', '🎉']; // grow in UTF-8 or in JSON escaping
  if (budget.big <= 0 || rng.next() < 0.9) {
    const unit = rng.pick(['a', 'Z', '-', ' ', '{', ...escaped]);
    return unit.repeat(rng.pick([0, 1, 8, 65, 300]));
  }
  budget.big -= 1;
  return rng.pick(['a', '0']).repeat(rng.pick([4096, MAX_DATA_BYTES - 100, MAX_DATA_BYTES + 10]));
}

function deep(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { v: value };
  return value;
}

function randomValue(rng: Rng, budget: Budget, depth = 0): unknown {
  const kinds = depth > 2 ? 8 : 12;
  switch (rng.int(kinds)) {
    case 0:
      return null;
    case 1:
      return rng.pick([0, -1, 1.5, Number.MAX_SAFE_INTEGER, NaN, Infinity]);
    case 2:
      return rng.pick([true, false]);
    case 3:
      return randomString(rng, budget);
    case 4:
      return Buffer.from([1, 2, 3, rng.int(256)]);
    case 5:
      return rng.pick(ROOMS);
    case 6:
      return deep(rng.pick([10, 200, 1500]), rng.pick(['x', 1, null]), rng.next() < 0.5);
    case 7:
      return undefined;
    case 8:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, budget, depth + 1));
    case 9:
      return {
        roomId: randomValue(rng, budget, depth + 1),
        data: randomValue(rng, budget, depth + 1),
      };
    case 10:
      return { type: rng.pick(TYPES), value: randomValue(rng, budget, depth + 1) };
    default:
      return { __proto__: { roomId: 'legit-a' }, constructor: 'x', toString: 1 };
  }
}

interface FuzzEvent {
  event: string;
  args: unknown[];
  /** Sure to be bad input, so it must be answered with `error`. */
  bad: boolean;
  ack: boolean;
}

function randomEventOfAnySize(rng: Rng): FuzzEvent {
  const event = rng.pick([
    'join',
    'message',
    'leave',
    'join',
    'message',
    'lock',
    'admit',
    'decline',
    'hack',
    'error',
    'x'.repeat(300),
    '',
  ]);
  const roll = rng.int(10);
  const budget: Budget = { big: 1 };
  let args: unknown[];
  let shapeIsBad = false;
  if (roll < 4) {
    // Plausible: right shape, random contents.
    const roomId = rng.next() < 0.8 ? rng.pick(ROOMS) : randomValue(rng, budget);
    const data =
      rng.next() < 0.7
        ? { type: rng.pick(TYPES), value: randomValue(rng, budget) }
        : randomValue(rng, budget);
    args = [plausible(rng, budget, event, roomId, data)];
  } else if (roll < 7) {
    args = [randomValue(rng, budget)];
    const only = args[0];
    shapeIsBad =
      typeof only !== 'object' || only === null || Array.isArray(only) || Buffer.isBuffer(only);
  } else {
    args = Array.from({ length: rng.pick([0, 2, 3]) }, () => randomValue(rng, budget));
    shapeIsBad = true;
  }
  const ack = rng.next() < 0.05;
  return { event, args, ack, bad: !KNOWN.has(event) || shapeIsBad || ack };
}

/** The payload `event` takes, its fields filled at random (often well, sometimes not). */
function plausible(rng: Rng, budget: Budget, event: string, roomId: unknown, data: unknown) {
  const maybe = (value: () => unknown) => (rng.next() < 0.5 ? value() : randomValue(rng, budget));
  switch (event) {
    case 'message':
      return { roomId, data };
    case 'join':
      return {
        roomId,
        ...(rng.next() < 0.3
          ? { passcode: maybe(() => rng.pick(['abcd', 'pass word', 'x'])) }
          : {}),
        ...(rng.next() < 0.3 ? { name: maybe(() => rng.pick(['Ana', '\u202eevil', ''])) } : {}),
      };
    case 'lock':
      return {
        roomId,
        locked: maybe(() => rng.next() < 0.5),
        ...(rng.next() < 0.3 ? { passcode: maybe(() => 'pass-1234') } : {}),
      };
    case 'admit':
    case 'decline':
      return { roomId, knockId: maybe(() => 'k'.repeat(22)) };
    default:
      return { roomId };
  }
}

/**
 * An event whose packet fits the packet limit: one over it closes the connection, which the
 * raw-packet case covers; here the sockets must live to answer everything.
 */
function randomEvent(rng: Rng): FuzzEvent {
  for (;;) {
    const candidate = randomEventOfAnySize(rng);
    if ((JSON.stringify(candidate.args) ?? '').length < MAX_PACKET_BYTES - 1024) return candidate;
  }
}

async function legitTalk(a: Peer, b: Peer, roomId: string) {
  const sent = (from: Peer, i: number) => ({
    type: 'candidate',
    value: { roomId, i, from: from.id },
  });
  for (let i = 0; i < LEGIT_MESSAGES; i += 1) {
    a.emit('message', { roomId, data: sent(a, i) });
    b.emit('message', { roomId, data: sent(b, i) });
  }
  await Promise.all([
    receivedCount(a, 'message', LEGIT_MESSAGES),
    receivedCount(b, 'message', LEGIT_MESSAGES),
  ]);
  return {
    fromA: Array.from({ length: LEGIT_MESSAGES }, (_, i) => sent(a, i)),
    fromB: Array.from({ length: LEGIT_MESSAGES }, (_, i) => sent(b, i)),
  };
}

async function allGone(server: TestServer): Promise<void> {
  await vi.waitFor(
    async () => {
      expect(server.io.engine.clientsCount).toBe(0);
      expect(await server.registry.size()).toBe(0);
    },
    { timeout: 10_000, interval: 20 },
  );
}

describe(`fuzzing the signaling server (FUZZ_SEED=${SEED})`, () => {
  it(`survives ${FUZZERS * EVENTS_PER_FUZZER} random events; legit rooms get only legit messages`, async () => {
    const rng = prng(SEED);
    const server = await start(UNLIMITED, undefined, PATIENT_HEARTBEAT, { knockTimeoutMs: 500 });
    const [a1, a2] = await pair(server, 'legit-a');
    const [b1, b2] = await pair(server, 'legit-b');
    const fuzzers = await Promise.all(Array.from({ length: FUZZERS }, () => connect(server)));
    for (const peer of [a1, a2, b1, b2]) peer.events.splice(0); // forget joined/otherjoined

    const mustError = fuzzers.map(() => 0);
    const talk = Promise.all([legitTalk(a1, a2, 'legit-a'), legitTalk(b1, b2, 'legit-b')]);
    for (let n = 0; n < EVENTS_PER_FUZZER; n += 1) {
      fuzzers.forEach((fuzzer, f) => {
        const { event, args, bad, ack } = randomEvent(rng);
        if (bad) mustError[f]! += 1;
        if (ack) fuzzer.socket.emit(event, ...args, () => undefined);
        else fuzzer.socket.emit(event, ...args);
      });
    }
    const [roomA, roomB] = await talk;
    await Promise.all([...fuzzers, a1, a2, b1, b2].map((peer) => peer.sync()));

    // Legit members: exactly their partner's messages, in order, nothing else at all.
    expect(a2.received('message')).toEqual(roomA.fromA.map((data) => [data, { from: a1.id }]));
    expect(a1.received('message')).toEqual(roomA.fromB.map((data) => [data, { from: a2.id }]));
    expect(b2.received('message')).toEqual(roomB.fromA.map((data) => [data, { from: b1.id }]));
    expect(b1.received('message')).toEqual(roomB.fromB.map((data) => [data, { from: b2.id }]));
    for (const peer of [a1, a2, b1, b2]) {
      const seen = new Set(peer.events.map((e) => e.event));
      expect([...seen].sort()).toEqual(['leaved', 'message']); // leaved: the sync barrier
    }

    // Fuzzers: every sure-bad event was answered with a well-formed error; all still connected.
    fuzzers.forEach((fuzzer, f) => {
      const errors = fuzzer.received('error').map(([e]) => e as { code: string; message: string });
      expect(errors.length, `fuzzer ${f}`).toBeGreaterThanOrEqual(mustError[f]!);
      for (const error of errors) {
        expect(ERROR_CODES).toContain(error.code);
        expect(error.message.length).toBeGreaterThan(0);
        expect(error.code).not.toBe('internal');
      }
      expect(fuzzer.socket.connected).toBe(true);
    });
    expect(await server.registry.members('legit-a')).toHaveLength(2);
    // The fuzzers got as far as locking rooms and knocking at them.
    const heard = new Set(fuzzers.flatMap((fuzzer) => fuzzer.events.map((e) => e.event)));
    expect(['locked', 'knocking'].some((event) => heard.has(event))).toBe(true);

    // Still serving: a newcomer joins and relays.
    const [c1, c2] = await pair(server, 'after-fuzz');
    const relayed = c2.next('message');
    c1.emit('message', { roomId: 'after-fuzz', data: { type: 'offer', value: 'ok' } });
    expect(await relayed).toEqual({ type: 'offer', value: 'ok' });

    for (const peer of [...fuzzers, a1, a2, b1, b2, c1, c2]) peer.socket.disconnect();
    await allGone(server);
  }, 60_000); // a few seconds on an idle machine; generous for a loaded CI box

  it('drops connections that send malformed or oversized raw packets, and stays up', async () => {
    const rng = prng(SEED + 1);
    const server = await start(UNLIMITED, undefined, PATIENT_HEARTBEAT);
    const [a, b] = await pair(server, 'legit-a');
    const garbage = [
      '4', // socket.io packet with no type
      '42', // event without payload
      '42[', // truncated JSON
      '42{"join":1}', // not an array
      '42[1,2]', // event name not a string
      '45-["message",{"_placeholder":true,"num":0}]', // binary placeholder, no attachment
      '451-["message",{"_placeholder":true,"num":9}]',
      '4' + '9'.repeat(40), // unknown packet type
      '42["message",' + '['.repeat(5000) + ']'.repeat(5000) + ']',
      '42["message","' + 'x'.repeat(MAX_DATA_BYTES + 8192) + '"]', // over maxHttpBufferSize
      '\u0000\u0001\u0002',
    ];
    const raws = await Promise.all(garbage.map(() => connect(server)));
    const outcomes = await Promise.all(
      raws.map(
        (raw, i) =>
          new Promise<string>((resolve) => {
            raw.socket.once('disconnect', () => resolve('disconnected'));
            raw.socket.once('error', () => resolve('error'));
            raw.socket.io.engine.send(garbage[i]!);
            // Also some random bytes after it, when the connection survives the first packet.
            raw.socket.io.engine.send(Buffer.from(Array.from({ length: 16 }, () => rng.int(256))));
          }),
      ),
    );
    expect(outcomes).toHaveLength(garbage.length);
    expect(outcomes.every((o) => o === 'disconnected' || o === 'error')).toBe(true);

    const relayed = b.next('message');
    a.emit('message', { roomId: 'legit-a', data: { type: 'offer', value: 'still here' } });
    expect(await relayed).toEqual({ type: 'offer', value: 'still here' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    for (const peer of [a, b, ...raws]) peer.socket.disconnect();
    await allGone(server);
  });
});
