// @vitest-environment node
// CallController's ICE recovery in a call, on fake timers: a stub peer connection whose ICE state
// the test sets, a signaling stub that delivers at once. What the user sees (the call problem and
// the Retry offer) and what the connection is told (restartIce) are checked against the clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IceServer, SignalData } from '../../shared/protocol';
import { createCallStore } from '../store/callStore';
import { CallController } from './CallController';
import { Emitter } from './emitter';
import type { PeerSession } from './PeerSession';
import type { SignalEvents } from './SignalServer';
import { english } from '../testing/english';

const ROOM = 'room-1';

class StubSignal extends Emitter<SignalEvents> {
  status = 'online' as const;
  join(): void {}
  send(): void {}
  leave(): void {}
  close(): void {}
  deliver<K extends keyof SignalEvents>(event: K, ...args: Parameters<SignalEvents[K]>): void {
    this.emit(event, ...args);
  }
}

/** Just what CallController uses of a PeerSession; the test sets its ICE state. */
class StubPeer extends Emitter<{ iceState: (state: RTCIceConnectionState) => void }> {
  iceConnected = false;
  readonly remoteStream = {} as MediaStream;
  readonly restartIce = vi.fn();
  startSending = () => Promise.resolve();
  isFlowing = () => true;
  fullQuality = () => Promise.resolve();
  connectionPath = () => Promise.resolve('direct' as const);
  handleSignal = () => Promise.resolve();
  setIceServers = () => {};
  close = () => {};

  ice(state: RTCIceConnectionState): void {
    this.iceConnected = state === 'connected' || state === 'completed';
    this.emit('iceState', state);
  }
}

const controllers: CallController[] = [];

/** A controller that pressed Call to `peerId`, not connected yet; ids order decides who is polite. */
async function calling(selfId: string, peerId: string, iceServers: IceServer[] = []) {
  const store = createCallStore();
  const signal = new StubSignal();
  const peers: StubPeer[] = [];
  const controller = new CallController({
    signal,
    store,
    clientId: selfId,
    acquireMedia: () => Promise.resolve({ stream: null, issue: null }),
    createPeer: () => {
      const peer = new StubPeer();
      peers.push(peer);
      return peer as unknown as PeerSession;
    },
  });
  controllers.push(controller);
  await controller.start();
  controller.join(ROOM);
  signal.deliver('joined', {
    roomId: ROOM,
    userNum: 2,
    userId: selfId,
    peers: [peerId],
    iceServers,
    iceTtl: 0,
    iceToken: 'token',
    locked: false,
    hasPasscode: false,
  });
  controller.call();
  return { controller, store, signal, peer: peers.at(-1)!, peers };
}

/** A controller in a connected call with the peer `peerId`. */
async function inCall(selfId: string, peerId: string) {
  const { controller, store, signal, peer, peers } = await calling(selfId, peerId);
  peer.ice('connected');
  const call: SignalData = { type: 'call', value: { audio: false, video: false } };
  signal.deliver('message', call, { from: peerId });
  expect(store.getState().state).toBe('connected');
  return { controller, store, signal, peer, peers };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.dispose();
  vi.useRealTimers();
});

describe('CallController ICE recovery', () => {
  it('impolite side: restarts 2 s into a disconnect, every 4 s, 5 times; then a notice with Retry', async () => {
    const { store, peer } = await inCall('alice-0001', 'bob-00002');
    const problem = () => english(store.getState().callProblem);
    peer.ice('disconnected');
    await vi.advanceTimersByTimeAsync(1999);
    expect(peer.restartIce).not.toHaveBeenCalled();
    expect(problem()).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(peer.restartIce).toHaveBeenCalledTimes(1);
    expect(problem()).toBe('Connection lost: reconnecting…');
    expect(store.getState().retryOffered).toBe(false);

    await vi.advanceTimersByTimeAsync(4000 * 4);
    expect(peer.restartIce).toHaveBeenCalledTimes(5);
    expect(store.getState().retryOffered).toBe(false);
    await vi.advanceTimersByTimeAsync(3999);
    expect(store.getState().retryOffered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(problem()).toMatch(/lost and could not be restored\. Press Retry/);
    expect(store.getState().retryOffered).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(peer.restartIce).toHaveBeenCalledTimes(5);
  });

  it('failed: the impolite side restarts at once; connected again clears the notice', async () => {
    const { store, peer } = await inCall('alice-0001', 'bob-00002');
    peer.ice('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(peer.restartIce).toHaveBeenCalledTimes(1);
    expect(english(store.getState().callProblem)).toBe('Connection lost: reconnecting…');
    peer.ice('connected');
    expect(store.getState().callProblem).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(peer.restartIce).toHaveBeenCalledTimes(1);
  });

  it('polite side: never restarts, but says the same at the same times', async () => {
    const { store, peer } = await inCall('bob-00002', 'alice-0001');
    peer.ice('disconnected');
    await vi.advanceTimersByTimeAsync(2000);
    expect(english(store.getState().callProblem)).toBe('Connection lost: reconnecting…');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(store.getState().retryOffered).toBe(true);
    expect(peer.restartIce).not.toHaveBeenCalled();
  });

  it('Retry: a fresh connection for the same call, with a fresh count', async () => {
    const { controller, store, peer, peers } = await inCall('alice-0001', 'bob-00002');
    peer.ice('failed');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(store.getState().retryOffered).toBe(true);
    controller.retry();
    expect(peers).toHaveLength(2);
    expect(store.getState()).toMatchObject({
      state: 'connecting',
      callProblem: null,
      retryOffered: false,
    });
    // The old connection's schedule is gone with it.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(peer.restartIce).toHaveBeenCalledTimes(5);
    peers[1]!.ice('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(peers[1]!.restartIce).toHaveBeenCalledTimes(1);
  });
});

describe('CallController without a TURN relay', () => {
  const TURN: IceServer = { urls: 'turn:198.51.100.1:3478', username: '1:u', credential: 'c' };

  it('no path 8 s after Call: says a relay is needed and how to get one, restarts keep saying it', async () => {
    const { store, peer } = await calling('alice-0001', 'bob-00002');
    await vi.advanceTimersByTimeAsync(7999);
    expect(store.getState().callProblem).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getState().state).toBe('connecting');
    expect(english(store.getState().callProblem)).toMatch(
      /needs a TURN relay.*TURN_URLS and TURN_SECRET/,
    );
    // ICE gives up later and restarts: the notice stays the one that explains.
    peer.ice('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(peer.restartIce).toHaveBeenCalledTimes(1);
    expect(english(store.getState().callProblem)).toMatch(/needs a TURN relay/);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(english(store.getState().callProblem)).toMatch(/needs a TURN relay/);
    expect(store.getState().retryOffered).toBe(true);
  });

  it('ICE failed before the call ever connected: says it at once', async () => {
    const { store, peer } = await calling('bob-00002', 'alice-0001');
    peer.ice('failed');
    expect(english(store.getState().callProblem)).toMatch(/needs a TURN relay/);
  });

  it('with a TURN relay configured the 15 s notice is the relay one, not this', async () => {
    const { store } = await calling('alice-0001', 'bob-00002', [TURN]);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(store.getState().callProblem).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(english(store.getState().callProblem)).toMatch(/No media after 15 s/);
  });

  it('a call that connects in time gets no notice', async () => {
    const { store, peer, signal } = await calling('alice-0001', 'bob-00002');
    peer.ice('connected');
    signal.deliver(
      'message',
      { type: 'call', value: { audio: false, video: false } },
      {
        from: 'bob-00002',
      },
    );
    await vi.advanceTimersByTimeAsync(20_000);
    expect(store.getState()).toMatchObject({ state: 'connected', callProblem: null });
  });
});

describe('CallController when the network changes under a call', () => {
  it('ICE disconnected: checks in with the server (join again, keeping the call)', async () => {
    const { signal, peer } = await inCall('bob-00002', 'alice-0001');
    const join = vi.spyOn(signal, 'join');
    peer.ice('disconnected');
    expect(join).toHaveBeenCalledWith(ROOM, 'bob-00002', { resume: true });
  });

  it('the peer is back on a new socket: the pending restart goes out at once, not 2 s later', async () => {
    const { signal, peer } = await inCall('alice-0001', 'bob-00002');
    peer.ice('disconnected');
    await vi.advanceTimersByTimeAsync(500);
    expect(peer.restartIce).not.toHaveBeenCalled();
    signal.deliver('otherjoined', { roomId: ROOM, userId: 'bob-00002', resumed: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(peer.restartIce).toHaveBeenCalledTimes(1);
  });

  it('our own socket is back (joined again): the pending restart goes out at once', async () => {
    const { signal, peer, store } = await inCall('alice-0001', 'bob-00002');
    const joinedAgain = () =>
      signal.deliver('joined', {
        roomId: ROOM,
        userNum: 2,
        userId: 'alice-0001',
        peers: ['bob-00002'],
        iceServers: [],
        iceTtl: 0,
        iceToken: 'token',
        locked: false,
        hasPasscode: false,
      });
    peer.ice('disconnected');
    // The answer to the check-in on a live socket: the grace period still runs (it may heal).
    joinedAgain();
    await vi.advanceTimersByTimeAsync(0);
    expect(peer.restartIce).not.toHaveBeenCalled();
    signal.deliver('reconnected');
    joinedAgain();
    await vi.advanceTimersByTimeAsync(0);
    expect(peer.restartIce).toHaveBeenCalledTimes(1);
    expect(store.getState().state).toBe('connected');
  });
});
