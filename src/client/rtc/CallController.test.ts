// @vitest-environment node
// Two (or three) CallControllers talking through a tiny in-memory signaling server that behaves
// like ours (seats by clientId, room capacity 2, relays to the other member), each with its own
// store and real PeerSessions on Node's WebRTC (@roamhq/wrtc). No sleeps: tests wait for store
// states with a timeout.
//
// The clients have no camera or microphone (receive-only): wrtc's RTCRtpSender.setParameters()
// rejects once negotiated, so startSending() with real tracks cannot run on it (see
// PeerSession.test.ts). With nothing announced, `connected` means ICE connected.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IceServer, SignalData } from '../../shared/protocol';
import {
  createCallStore,
  type CallState,
  type CallStore,
  type CallStoreApi,
} from '../store/callStore';
import { KeptMediaStream, KeptPeerConnection } from '../testing/keptPeerConnection';
import { memoryStorage } from '../testing/memoryStorage';
import { tabCallMemory, type CallMemory } from './callMemory';
import { CallController, type CallControllerDeps } from './CallController';
import { Emitter } from './emitter';
import { PeerSession } from './PeerSession';
import type { JoinOptions, SignalEvents, SignalStatus } from './SignalServer';
import { english } from '../testing/english';

const WAIT_MS = 10_000;
// Node's, to deliver like a socket does: after all that is already queued. Declared here because
// the client tsconfig has no Node types.
declare const setImmediate: (callback: () => void) => unknown;
const ROOM = 'room-1';

/** One client's connection to the FakeServer, shaped like SignalServer. */
class FakeSignal extends Emitter<SignalEvents> {
  status: SignalStatus = 'online';
  closed = false;
  readonly sent: SignalData[] = [];
  readonly joins: Array<{ roomId: string; resume: boolean }> = [];
  readonly entries: Array<{ passcode?: string; name?: string }> = [];

  constructor(private readonly server: FakeServer) {
    super();
  }

  join(roomId: string, clientId: string, options: JoinOptions = {}): void {
    const { resume = false, ...entry } = options;
    this.joins.push({ roomId, resume });
    this.entries.push(entry);
    this.server.join(this, roomId, clientId, resume);
  }

  send(roomId: string, data: SignalData): void {
    this.sent.push(data);
    this.server.relay(this, roomId, data);
  }

  leave(roomId: string): void {
    this.server.leave(this, roomId);
  }

  close(): void {
    this.closed = true;
    this.server.disconnect(this);
  }

  /** Delivers a server event later, in order, like a socket. */
  deliver<K extends keyof SignalEvents>(event: K, ...args: Parameters<SignalEvents[K]>): void {
    setImmediate(() => {
      if (!this.closed) this.emit(event, ...args);
    });
  }
}

/** Rooms of two seats, keyed by clientId (our server's userId for a known client). */
class FakeServer {
  private readonly rooms = new Map<string, Map<string, FakeSignal>>();
  /** Set to false to lose every relayed message (a network that blocks the peers). */
  relaying = true;
  /** What `joined` hands out. */
  iceServers: IceServer[] = [];
  /** Rooms whose joiners knock: the test answers with admit(). */
  readonly locked = new Set<string>();
  private readonly knockers = new Map<FakeSignal, () => void>();

  connect(): FakeSignal {
    return new FakeSignal(this);
  }

  join(client: FakeSignal, roomId: string, userId: string, resume = false): void {
    if (!/^[\p{L}\p{N}._-]{1,64}$/u.test(roomId)) {
      client.deliver('error', { code: 'bad-room-id', message: 'join: roomId: bad room id' });
      return;
    }
    if (this.locked.has(roomId) && !this.knockers.has(client)) {
      this.knockers.set(client, () => this.join(client, roomId, userId, resume));
      client.deliver('knocking', { roomId, expiresInMs: 60_000 });
      return;
    }
    this.knockers.delete(client);
    const room = this.rooms.get(roomId) ?? new Map<string, FakeSignal>();
    this.rooms.set(roomId, room);
    const others = [...room.keys()].filter((id) => id !== userId);
    if (others.length >= 2) {
      client.deliver('full', { roomId, userNum: others.length });
      return;
    }
    room.set(userId, client);
    client.deliver('joined', {
      roomId,
      userNum: others.length + 1,
      userId,
      peers: others,
      iceServers: this.iceServers,
      iceTtl: 0,
      iceToken: 'token',
      locked: false,
      hasPasscode: false,
    });
    const resumed = resume ? { resumed: true } : {};
    for (const id of others) room.get(id)?.deliver('otherjoined', { roomId, userId, ...resumed });
  }

  /** A member's answer to the knock of `client`. */
  answer(client: FakeSignal, roomId: string, admitted: boolean): void {
    const admit = this.knockers.get(client);
    if (admit && admitted) admit();
    else if (admit) {
      this.knockers.delete(client);
      client.deliver('denied', { roomId, reason: 'declined' });
    }
  }

  relay(client: FakeSignal, roomId: string, data: SignalData): void {
    const room = this.rooms.get(roomId);
    const from = [...(room ?? [])].find(([, c]) => c === client)?.[0];
    if (!room || from === undefined || !this.relaying) return;
    for (const [id, other] of room) if (id !== from) other.deliver('message', data, { from });
  }

  leave(client: FakeSignal, roomId: string): void {
    const room = this.rooms.get(roomId);
    const userId = [...(room ?? [])].find(([, c]) => c === client)?.[0];
    if (!room || userId === undefined) return;
    room.delete(userId);
    for (const other of room.values()) other.deliver('bye', { roomId, userId });
  }

  disconnect(client: FakeSignal): void {
    for (const roomId of this.rooms.keys()) this.leave(client, roomId);
  }

  seats(roomId: string): number {
    return this.rooms.get(roomId)?.size ?? 0;
  }

  /**
   * The server lets go of `client` (its heartbeat timed out while its line was down): the others
   * hear `bye`, and the client, which noticed nothing, reconnects once its line is back.
   */
  drop(client: FakeSignal): void {
    this.disconnect(client);
    client.deliver('reconnected');
  }

  /** The server restarted: every seat is forgotten and every client reconnects. */
  restart(): void {
    const clients = new Set([...this.rooms.values()].flatMap((room) => [...room.values()]));
    this.rooms.clear();
    for (const client of clients) client.deliver('reconnected');
  }
}

interface Client {
  controller: CallController;
  store: CallStoreApi;
  signal: FakeSignal;
  state: () => CallStore;
}

const controllers: CallController[] = [];
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.dispose();
});

/** A started controller (media settled: receive-only) on `server`, in state disconnect. */
async function client(
  server: FakeServer,
  clientId: string,
  { iceTimeoutMs, memory, ...extra }: Partial<CallControllerDeps> = {},
): Promise<Client> {
  const store = createCallStore();
  const signal = server.connect();
  const controller = new CallController({
    signal,
    store,
    clientId,
    acquireMedia: async () => ({ stream: null, issue: null }),
    createPeer: (options) =>
      new PeerSession({
        ...options,
        PeerConnection: KeptPeerConnection,
        MediaStreamCtor: KeptMediaStream,
      }),
    iceTimeoutMs,
    memory,
    ...extra,
  });
  controllers.push(controller);
  await controller.start();
  return { controller, store, signal, state: () => store.getState() };
}

/**
 * Alice calls Bob on `server` once it relays nothing more (no offer, answer or candidate gets
 * through: no path between them); resolves with Alice once she shows a call problem, still connecting.
 */
async function callWithoutPath(
  server: FakeServer,
  options: Partial<CallControllerDeps>,
): Promise<Client> {
  const alice = await client(server, 'alice-0001', options);
  const bob = await client(server, 'bob-00002', options);
  alice.controller.join(ROOM);
  await reach(alice, 'waiting');
  server.relaying = false;
  bob.controller.join(ROOM);
  await both(alice, bob, 'canCall');
  alice.controller.call();
  await until(alice.store, 'a call problem', (s) => s.callProblem !== null);
  expect(alice.state().state).toBe('connecting');
  return alice;
}

/** Resolves once the store satisfies `check`; rejects after a timeout. */
function until(
  store: CallStoreApi,
  what: string,
  check: (state: CallStore) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (ok: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      if (ok) resolve();
      else reject(new Error(`timed out waiting for ${what}; state is ${store.getState().state}`));
    };
    const timer = setTimeout(() => settle(false), WAIT_MS);
    const unsubscribe = store.subscribe((state) => check(state) && settle(true));
    if (check(store.getState())) settle(true);
  });
}

const reach = (c: Client, state: CallState) =>
  until(c.store, `state ${state}`, (s) => s.state === state);
const both = (a: Client, b: Client, state: CallState) =>
  Promise.all([reach(a, state), reach(b, state)]);

/** Alice (the impolite side: the smaller id) and Bob, both in ROOM with state canCall. */
async function twoInRoom(server = new FakeServer(), bobsMemory?: CallMemory) {
  const alice = await client(server, 'alice-0001');
  const bob = await client(server, 'bob-00002', { memory: bobsMemory });
  alice.controller.join(ROOM);
  await reach(alice, 'waiting');
  bob.controller.join(ROOM);
  await both(alice, bob, 'canCall');
  return { server, alice, bob };
}

/** Bob's page goes (pagehide) and his tab loads again: same client id, same storage. */
async function reloadBob(server: FakeServer, bob: Client, storage: Storage): Promise<Client> {
  bob.controller.leave({ forget: false });
  bob.controller.dispose();
  return client(server, 'bob-00002', { memory: tabCallMemory(storage) });
}

async function inCall() {
  const room = await twoInRoom();
  room.alice.controller.call();
  await both(room.alice, room.bob, 'connected');
  return room;
}

describe('CallController with an in-memory signaling server and wrtc', () => {
  it('start() without anything to resume stays out of any room', async () => {
    const alice = await client(new FakeServer(), 'alice-0001', {
      memory: tabCallMemory(memoryStorage()),
    });
    expect(alice.state().state).toBe('disconnect');
    expect(alice.signal.joins).toEqual([]);
  });

  it('start() reports the signaling status and the media outcome', async () => {
    const alice = await client(new FakeServer(), 'alice-0001');
    expect(alice.state()).toMatchObject({ signal: 'online', localStream: null, mediaIssue: null });
  });

  it('join alone → waiting, with the seat the server gave', async () => {
    const alice = await client(new FakeServer(), 'alice-0001');
    alice.controller.join(ROOM);
    expect(alice.state()).toMatchObject({ state: 'disconnect', joining: true, roomId: ROOM });
    await reach(alice, 'waiting');
    expect(alice.state()).toMatchObject({
      roomId: ROOM,
      selfId: 'alice-0001',
      peerId: null,
      joining: false,
    });
  });

  it('a second member → both canCall, each knowing the other', async () => {
    const { alice, bob } = await twoInRoom();
    expect(alice.state().peerId).toBe('bob-00002');
    expect(bob.state().peerId).toBe('alice-0001');
    // The impolite side prepares the idle connection at once, so its player has a stream.
    expect(alice.state().remoteStream).not.toBeNull();
  });

  it('call → both connecting, then both connected over a direct path', async () => {
    const { alice, bob } = await twoInRoom();
    alice.controller.call();
    expect(alice.state().state).toBe('connecting');
    expect(alice.signal.sent).toContainEqual({
      type: 'call',
      value: { audio: false, video: false },
    });
    await reach(bob, 'connecting');
    await both(alice, bob, 'connected');
    // Bob answered the call as a reply.
    expect(bob.signal.sent).toContainEqual({
      type: 'call',
      value: { audio: false, video: false, reply: true },
    });
    await until(alice.store, 'the connection path', (s) => s.connectionPath !== null);
    expect(alice.state().connectionPath).toBe('direct');
    expect([alice, bob].map((c) => c.state().notice)).toEqual([null, null]);
  });

  it('call from the polite side works too', async () => {
    const { alice, bob } = await twoInRoom();
    bob.controller.call();
    await both(alice, bob, 'connected');
  });

  it('call() outside canCall does nothing', async () => {
    const alice = await client(new FakeServer(), 'alice-0001');
    alice.controller.join(ROOM);
    await reach(alice, 'waiting');
    alice.controller.call();
    expect(alice.state().state).toBe('waiting');
    expect(alice.signal.sent).toEqual([]);
  });

  it.each(['alice', 'bob'] as const)(
    'hang-up by %s → both canCall; they can call again',
    async (who) => {
      const room = await inCall();
      const { alice, bob } = room;
      room[who].controller.hangUp();
      await both(alice, bob, 'canCall');
      expect(alice.state()).toMatchObject({ connectionPath: null, peerId: 'bob-00002' });

      // A fresh idle connection is negotiated, and the next call connects on it.
      room[who === 'alice' ? 'bob' : 'alice'].controller.call();
      await both(alice, bob, 'connected');
    },
  );

  it('bye: the leaver → disconnect, the other → waiting without the remote stream', async () => {
    const { alice, bob } = await inCall();
    bob.controller.leave();
    expect(bob.state()).toMatchObject({ state: 'disconnect', roomId: null, peerId: null });
    await reach(alice, 'waiting');
    expect(alice.state()).toMatchObject({ peerId: null, remoteStream: null, connectionPath: null });
  });

  it('dispose() (tab closed) ends the call for the other side', async () => {
    const { alice, bob } = await inCall();
    bob.controller.dispose();
    expect(bob.signal.closed).toBe(true);
    await reach(alice, 'waiting');
  });

  it('a reload mid-call: the page rejoins its room and the call comes back by itself', async () => {
    const storage = memoryStorage();
    const { server, alice, bob } = await twoInRoom(new FakeServer(), tabCallMemory(storage));
    bob.controller.call();
    await both(alice, bob, 'connected');

    const reloaded = await reloadBob(server, bob, storage);
    expect(reloaded.signal.joins).toEqual([{ roomId: ROOM, resume: false }]);
    await both(alice, reloaded, 'connected');
    expect(server.seats(ROOM)).toBe(2);

    // A deliberate Leave forgets the room: the next load starts outside it.
    reloaded.controller.leave();
    const fresh = await client(server, 'bob-00002', { memory: tabCallMemory(storage) });
    expect(fresh.signal.joins).toEqual([]);
    expect(fresh.state().state).toBe('disconnect');
  });

  it('a reload after the call ended rejoins the room but does not call', async () => {
    const storage = memoryStorage();
    const { server, alice, bob } = await twoInRoom(new FakeServer(), tabCallMemory(storage));
    alice.controller.call();
    await both(alice, bob, 'connected');
    alice.controller.hangUp();
    await both(alice, bob, 'canCall');

    const reloaded = await reloadBob(server, bob, storage);
    await both(alice, reloaded, 'canCall');
    expect(reloaded.signal.sent.filter((s) => s.type === 'call')).toEqual([]);
  });

  it('a third member is turned away: roomWasFull notice, the pair undisturbed', async () => {
    const { server, alice, bob } = await twoInRoom();
    const carol = await client(server, 'carol-003');
    carol.controller.join(ROOM);
    await until(carol.store, 'the full notice', (s) => s.fullRoomId === ROOM);
    expect(carol.state()).toMatchObject({ state: 'disconnect', roomId: null, joining: false });
    expect(carol.state().notice).toMatchObject({ level: 'warning' });
    expect(english(carol.state().notice?.text)).toMatch(/full/);
    expect([alice, bob].map((c) => c.state().state)).toEqual(['canCall', 'canCall']);

    // After being turned away the same controller may join another room.
    carol.controller.join('room-2');
    await reach(carol, 'waiting');
  });

  it('a join the server refuses (bad room id) → disconnect and an error notice', async () => {
    const alice = await client(new FakeServer(), 'alice-0001');
    alice.controller.join('no spaces allowed');
    expect(alice.state().joining).toBe(true);
    await until(alice.store, 'the refusal', (s) => !s.joining);
    expect(alice.state()).toMatchObject({ state: 'disconnect', roomId: null });
    expect(alice.state().notice).toMatchObject({ level: 'error' });
    expect(english(alice.state().notice?.text)).toContain('bad room id');
  });

  it('no ICE within iceTimeoutMs → a call problem is shown, still connecting', async () => {
    const server = new FakeServer();
    // A relay that cannot be reached (nothing listens on port 9): configured, but no help.
    server.iceServers = [
      { urls: 'turn:127.0.0.1:9?transport=tcp', username: '1:u', credential: 'c' },
    ];
    const alice = await callWithoutPath(server, { iceTimeoutMs: 50 });
    expect(english(alice.state().callProblem)).toMatch(/No media after/);
  });

  it('no path and no TURN relay configured → a notice that a relay is needed, not endless connecting', async () => {
    const server = new FakeServer();
    const alice = await callWithoutPath(server, { iceTimeoutMs: 60_000, relayNeededAfterMs: 50 });
    expect(english(alice.state().callProblem)).toMatch(/needs a TURN relay/);
    expect(english(alice.state().callProblem)).toMatch(/TURN_URLS and TURN_SECRET/);
  });

  it('signaling status changes reach the store', async () => {
    const alice = await client(new FakeServer(), 'alice-0001');
    alice.signal.deliver('status', 'reconnecting', 'transport close');
    await until(alice.store, 'reconnecting', (s) => s.signal === 'reconnecting');
    expect(alice.state().signalReason).toBe('transport close');
  });

  it('a signaling reconnect while waiting rejoins the room by itself', async () => {
    const server = new FakeServer();
    const alice = await client(server, 'alice-0001');
    alice.controller.join(ROOM);
    await reach(alice, 'waiting');
    server.restart();
    // Bob can only see Alice if she took her seat again after the restart.
    const bob = await client(server, 'bob-00002');
    bob.controller.join(ROOM);
    await both(alice, bob, 'canCall');
  });

  it('a server restart during a call keeps both sides connected on the same connection', async () => {
    const { server, alice, bob } = await twoInRoom();
    alice.controller.call();
    await both(alice, bob, 'connected');
    const streams = [alice, bob].map((c) => c.state().remoteStream);

    server.restart();
    // Both rejoin with `resume`; the second one's `otherjoined` reaches the first as `resumed`.
    const deadline = Date.now() + 5_000;
    while (server.seats(ROOM) < 2 && Date.now() < deadline)
      await new Promise<void>((resolve) => setImmediate(resolve));
    expect(server.seats(ROOM)).toBe(2);
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve)); // let the last events land
    expect([alice, bob].map((c) => c.state().state)).toEqual(['connected', 'connected']);
    expect([alice, bob].map((c) => c.state().remoteStream)).toEqual(streams);
    expect(alice.signal.joins.at(-1)).toMatchObject({ resume: true });
  });
});

describe('CallController when the server lets go of a peer mid-call', () => {
  it('the peer comes back still in the call: it is hung up and called again on fresh connections', async () => {
    const { server, alice, bob } = await twoInRoom();
    alice.controller.call();
    await both(alice, bob, 'connected');
    const before = [alice, bob].map((c) => c.state().remoteStream);

    server.drop(bob.signal);
    // Alice heard `bye` and closed her side; Bob rejoined with `resume`, still in the call.
    for (const [i, c] of [alice, bob].entries())
      await until(
        c.store,
        'connected on a fresh connection',
        (s) => s.state === 'connected' && s.remoteStream !== before[i],
      );
    expect(bob.signal.joins.at(-1)).toMatchObject({ resume: true });
    expect(alice.signal.sent.filter((d) => d.type === 'hangup')).toHaveLength(1);
    expect(alice.signal.sent.filter((d) => d.type === 'call')).toHaveLength(2);
    expect(server.seats(ROOM)).toBe(2);
  });

  it('a peer let go of between calls comes back: nobody is called', async () => {
    const { server, alice, bob } = await twoInRoom();
    alice.controller.call();
    await both(alice, bob, 'connected');
    bob.controller.hangUp();
    await both(alice, bob, 'canCall');
    server.drop(bob.signal);
    await until(alice.store, 'bob back', (s) => s.state === 'canCall' && s.peerId !== null);
    await until(bob.store, 'alice there', (s) => s.state === 'canCall');
    expect(alice.signal.sent.filter((d) => d.type === 'hangup')).toHaveLength(0);
    expect(alice.signal.sent.filter((d) => d.type === 'call')).toHaveLength(1);
  });
});

describe('CallController at a locked room', () => {
  it('knocks, is declined (nothing left to resume), knocks again and is let in with its name and passcode', async () => {
    const server = new FakeServer();
    server.locked.add(ROOM);
    const memory = tabCallMemory(memoryStorage());
    const ana = await client(server, 'ana-00001', { memory });
    ana.controller.join(ROOM, { name: 'Ana', passcode: 'tulip-1' });
    await until(ana.store, 'knocking', (s) => s.knockingUntil !== null);
    expect(ana.state()).toMatchObject({ state: 'disconnect', joining: true });
    expect(ana.controller.memberOf).toBeNull();

    server.answer(ana.signal, ROOM, false);
    await until(ana.store, 'denied', (s) => s.denied !== null);
    expect(ana.state()).toMatchObject({
      roomId: null,
      denied: { roomId: ROOM, reason: 'declined' },
    });
    expect(memory.recall()).toBeNull();

    ana.controller.join(ROOM, { name: 'Ana', passcode: 'tulip-1' });
    await until(ana.store, 'knocking', (s) => s.knockingUntil !== null);
    server.answer(ana.signal, ROOM, true);
    await reach(ana, 'waiting');
    expect(ana.controller.memberOf).toBe(ROOM);
    // A rejoin after a signaling drop brings the same entry along.
    server.restart();
    await vi.waitFor(() => expect(ana.signal.joins).toHaveLength(3));
    expect(ana.signal.entries).toEqual(Array(3).fill({ name: 'Ana', passcode: 'tulip-1' }));
  });
});

describe('CallController and TURN', () => {
  /** Every PeerSession a client makes, to look at its RTCPeerConnection. */
  function recordingPeers() {
    const peers: PeerSession[] = [];
    const createPeer: CallControllerDeps['createPeer'] = (options) => {
      const peer = new PeerSession({
        ...options,
        PeerConnection: KeptPeerConnection,
        MediaStreamCtor: KeptMediaStream,
      });
      peers.push(peer);
      return peer;
    };
    return { peers, createPeer };
  }

  it('refreshIceServers() fetches a fresh credential and hands it to the live connection', async () => {
    const { peers, createPeer } = recordingPeers();
    const fresh = {
      urls: ['turn:127.0.0.1:3478'],
      username: '1999999999:alice',
      credential: 'fresh',
    };
    const server = new FakeServer();
    const alice = await client(server, 'alice-0001', {
      createPeer,
      fetchIceServers: async () => ({ iceServers: [fresh], ttl: 600 }),
    });
    const bob = await client(server, 'bob-00002');
    alice.controller.join(ROOM);
    await reach(alice, 'waiting');
    bob.controller.join(ROOM);
    await both(alice, bob, 'canCall');
    const pc = peers.at(-1)!.pc;
    expect(pc.getConfiguration().iceServers).toEqual([]);

    await expect(alice.controller.refreshIceServers()).resolves.toEqual([fresh]);
    expect(pc.getConfiguration().iceServers).toMatchObject([fresh]);
  });

  it('relay-only with no TURN server: a clear call problem, not an endless connecting', async () => {
    const server = new FakeServer();
    const alice = await client(server, 'alice-0001', { relayOnly: true });
    const bob = await client(server, 'bob-00002', { relayOnly: true });
    expect(alice.state().relayOnly).toBe(true);
    alice.controller.join(ROOM);
    await reach(alice, 'waiting');
    bob.controller.join(ROOM);
    await both(alice, bob, 'canCall');
    await until(alice.store, 'a call problem', (s) => s.callProblem !== null);
    expect(english(alice.state().callProblem)).toContain('offers no TURN relay');

    // Pressing Call anyway says it again at once (callStarted clears old problems).
    alice.controller.call();
    expect(alice.state()).toMatchObject({ state: 'connecting' });
    expect(english(alice.state().callProblem)).toContain('offers no TURN relay');
  });

  it('setRelayOnly() in a room renews the prepared connection with the relay policy', async () => {
    const { peers, createPeer } = recordingPeers();
    const server = new FakeServer();
    const alice = await client(server, 'alice-0001', { createPeer });
    const bob = await client(server, 'bob-00002');
    alice.controller.join(ROOM);
    await reach(alice, 'waiting');
    bob.controller.join(ROOM);
    await both(alice, bob, 'canCall');
    const before = peers.at(-1)!;
    expect(before.pc.getConfiguration().iceTransportPolicy).toBe('all');

    alice.controller.setRelayOnly(true);
    expect(alice.state().relayOnly).toBe(true);
    await both(alice, bob, 'canCall');
    await until(alice.store, 'a new connection', () => peers.at(-1) !== before);
    expect(before.pc.signalingState).toBe('closed');
    expect(peers.at(-1)!.pc.getConfiguration().iceTransportPolicy).toBe('relay');
  });
});
