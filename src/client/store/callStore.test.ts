// @vitest-environment node
// The call state machine on its own: every legal transition, and illegal ones leaving the state
// untouched. A fresh store per test; streams are opaque objects here, the store never looks inside.
import { beforeEach, describe, expect, it } from 'vitest';
import { msg } from '../i18n/message';
import { english } from '../testing/english';
import { createCallStore, type CallState, type CallStoreApi } from './callStore';

const ROOM = 'room-1';
const SELF = 'self-id';
const PEER = 'peer-id';
const fakeStream = (name: string) => ({ id: name }) as unknown as MediaStream;

let store: CallStoreApi;
beforeEach(() => {
  store = createCallStore();
});

const state = () => store.getState();

/** Drives a fresh store along the legal path up to `target`. */
function reach(target: CallState): void {
  const path: Array<[CallState, () => void]> = [
    ['disconnect', () => state().mediaReady(fakeStream('local'), null)],
    ['waiting', () => (state().joinRequested(ROOM), state().joined(ROOM, SELF, null))],
    ['canCall', () => (state().peerArrived(PEER), state().peerPrepared(fakeStream('remote')))],
    ['connecting', () => state().callStarted()],
    ['connected', () => state().connected()],
  ];
  for (const [reached, step] of path) {
    if (state().state === target) return;
    step();
    expect(state().state).toBe(reached);
  }
  expect(state().state).toBe(target);
}

/** Runs `action` and checks that it changed nothing at all (same data, no notice). */
function expectNoChange(action: () => void): void {
  const before = { ...state() };
  action();
  expect(state()).toEqual(before);
}

describe('legal transitions', () => {
  it('starts in init with nothing known', () => {
    expect(state()).toMatchObject({ state: 'init', roomId: null, joining: false, notice: null });
  });

  it('mediaReady: init → disconnect, keeping the stream and the issue', () => {
    const local = fakeStream('local');
    const issue = { kind: 'no-camera' as const, message: msg('media.noCamera') };
    state().mediaReady(local, issue);
    expect(state()).toMatchObject({ state: 'disconnect', localStream: local, mediaIssue: issue });
  });

  it('joinRequested marks the room as being joined and forgets a previous full room', () => {
    reach('disconnect');
    state().joinRequested('full-one');
    state().roomWasFull('full-one');
    state().joinRequested(ROOM);
    expect(state()).toMatchObject({
      state: 'disconnect',
      roomId: ROOM,
      joining: true,
      fullRoomId: null,
    });
  });

  it('joined alone: disconnect → waiting', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    state().joined(ROOM, SELF, null);
    expect(state()).toMatchObject({ state: 'waiting', joining: false, selfId: SELF, peerId: null });
  });

  it('joined with a peer already there: disconnect → canCall', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    state().joined(ROOM, SELF, PEER);
    expect(state()).toMatchObject({ state: 'canCall', joining: false, selfId: SELF, peerId: PEER });
  });

  it('joined again while in the room (rejoin) only updates the seat', () => {
    reach('connected');
    state().joined(ROOM, 'new-self', null);
    expect(state()).toMatchObject({ state: 'connected', selfId: 'new-self', peerId: PEER });
  });

  it('peerArrived: waiting → canCall', () => {
    reach('waiting');
    state().peerArrived(PEER);
    expect(state()).toMatchObject({ state: 'canCall', peerId: PEER });
  });

  it('peerArrived during a call (peer came back) → canCall, call data cleared', () => {
    reach('connected');
    state().connectionPathKnown('relay');
    state().callProblemChanged(msg('call.reconnecting'));
    state().peerArrived('peer-2');
    expect(state()).toMatchObject({
      state: 'canCall',
      peerId: 'peer-2',
      remoteStream: null,
      connectionPath: null,
      callProblem: null,
    });
  });

  it.each(['waiting', 'canCall', 'connecting', 'connected'] as const)(
    'peerPrepared in %s attaches the (silent) remote stream without changing state',
    (from) => {
      reach(from);
      const remote = fakeStream('prepared');
      state().peerPrepared(remote);
      expect(state()).toMatchObject({ state: from, remoteStream: remote });
    },
  );

  it('callStarted: canCall → connecting, keeps the prepared stream, clears a problem', () => {
    reach('canCall');
    const remote = state().remoteStream;
    expect(remote).not.toBeNull();
    state().callProblemChanged(msg('call.lost'));
    state().callStarted();
    expect(state()).toMatchObject({ state: 'connecting', remoteStream: remote, callProblem: null });
  });

  it('connected: connecting → connected', () => {
    reach('connecting');
    state().callProblemChanged(msg('call.reconnecting'));
    state().connected();
    expect(state()).toMatchObject({ state: 'connected', callProblem: null });
  });

  it.each(['connecting', 'connected'] as const)('callEnded (hang-up) from %s → canCall', (from) => {
    reach(from);
    state().connectionPathKnown('direct');
    state().callEnded();
    expect(state()).toMatchObject({
      state: 'canCall',
      peerId: PEER,
      remoteStream: null,
      connectionPath: null,
      callProblem: null,
    });
  });

  it.each(['canCall', 'connecting', 'connected'] as const)(
    'peerLeft from %s → waiting with the peer and remote stream cleared',
    (from) => {
      reach(from);
      state().peerLeft();
      expect(state()).toMatchObject({ state: 'waiting', peerId: null, remoteStream: null });
    },
  );

  it.each(['waiting', 'canCall', 'connecting', 'connected'] as const)(
    'left from %s → disconnect',
    (from) => {
      reach(from);
      state().left();
      expect(state()).toMatchObject({
        state: 'disconnect',
        roomId: null,
        joining: false,
        peerId: null,
        remoteStream: null,
      });
      // The local camera stays ready for the next room.
      expect(state().localStream).not.toBeNull();
    },
  );

  it('left while still joining cancels the join', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    state().left();
    expect(state()).toMatchObject({ state: 'disconnect', roomId: null, joining: false });
  });

  it('roomWasFull while joining: stays disconnect, remembers the room and warns', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    state().roomWasFull(ROOM);
    expect(state()).toMatchObject({
      state: 'disconnect',
      roomId: null,
      joining: false,
      fullRoomId: ROOM,
    });
    expect(state().notice).toMatchObject({ level: 'warning' });
    expect(english(state().notice?.text)).toBe(
      `Room "${ROOM}" is full: two people are already in it.`,
    );
  });

  it('knocking while joining, then joined: the knock is over', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    state().knocking(ROOM, 60_000);
    expect(state().knockingUntil).toBeGreaterThan(Date.now());
    expect(state()).toMatchObject({ state: 'disconnect', joining: true });
    state().joined(ROOM, SELF, PEER);
    expect(state()).toMatchObject({ state: 'canCall', knockingUntil: null });
  });

  it('joinDenied while knocking: disconnect, the room forgotten, the reason kept until the next join', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    state().knocking(ROOM, 60_000);
    state().joinDenied(ROOM, 'declined');
    expect(state()).toMatchObject({
      state: 'disconnect',
      roomId: null,
      joining: false,
      knockingUntil: null,
      denied: { roomId: ROOM, reason: 'declined' },
    });
    state().joinRequested(ROOM);
    expect(state()).toMatchObject({ denied: null, joining: true });
  });

  it('left while knocking (Cancel) stops knocking', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    state().knocking(ROOM, 60_000);
    state().left();
    expect(state()).toMatchObject({ state: 'disconnect', joining: false, knockingUntil: null });
  });

  it('safetyCodeKnown once connected; a hang-up forgets it', () => {
    reach('connected');
    state().safetyCodeKnown('123 456 789');
    expect(state().safetyCode).toBe('123 456 789');
    state().callEnded();
    expect(state().safetyCode).toBeNull();
  });

  it('joinRefused while joining: stays disconnect and forgets the room', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    state().joinRefused();
    expect(state()).toMatchObject({ state: 'disconnect', roomId: null, joining: false });
  });

  it.each(['connecting', 'connected'] as const)(
    'connectionPathKnown is kept during a call (%s)',
    (from) => {
      reach(from);
      state().connectionPathKnown('relay');
      expect(state().connectionPath).toBe('relay');
    },
  );

  it('signalChanged and callProblemChanged apply in any state', () => {
    state().signalChanged('reconnecting', 'transport close');
    expect(state()).toMatchObject({
      state: 'init',
      signal: 'reconnecting',
      signalReason: 'transport close',
    });
    state().signalChanged('online');
    expect(state()).toMatchObject({ signal: 'online', signalReason: null });
    state().callProblemChanged(msg('ice.noCandidates'));
    expect(state()).toMatchObject({ callProblem: msg('ice.noCandidates'), retryOffered: false });
  });

  it('a problem can offer Retry; the offer goes with the problem', () => {
    state().callProblemChanged(msg('call.lost'), { retry: true });
    expect(state()).toMatchObject({ callProblem: msg('call.lost'), retryOffered: true });
    state().callProblemChanged(msg('call.reconnecting'));
    expect(state().retryOffered).toBe(false);
    state().callProblemChanged(null, { retry: true });
    expect(state()).toMatchObject({ callProblem: null, retryOffered: false });
  });

  it('notify gives every notice a new, increasing id', () => {
    state().notify('info', msg('invite.copied'));
    const first = state().notice;
    state().notify('error', msg('invite.copyFailed'));
    const second = state().notice;
    expect(first).toMatchObject({ level: 'info', text: msg('invite.copied') });
    expect(second).toMatchObject({ level: 'error', text: msg('invite.copyFailed') });
    expect(second!.id).toBe(first!.id + 1);
  });

  it('reset goes back to init with nothing kept', () => {
    reach('connected');
    state().reset();
    expect(state()).toMatchObject({
      state: 'init',
      roomId: null,
      peerId: null,
      localStream: null,
      remoteStream: null,
    });
  });

  it('stores are independent of each other', () => {
    reach('connected');
    expect(createCallStore().getState().state).toBe('init');
  });
});

describe('illegal transitions do nothing', () => {
  const cases: Array<[string, CallState, () => void]> = [
    ['mediaReady a second time', 'disconnect', () => state().mediaReady(fakeStream('other'), null)],
    ['mediaReady while in a room', 'waiting', () => state().mediaReady(null, null)],
    ['joinRequested before media is ready', 'init', () => state().joinRequested(ROOM)],
    ['joinRequested while in a room', 'canCall', () => state().joinRequested('elsewhere')],
    ['joined without having asked', 'disconnect', () => state().joined(ROOM, SELF, null)],
    ['joined for another room id', 'waiting', () => state().joined('another-room', 'x', PEER)],
    ['roomWasFull while in a room', 'waiting', () => state().roomWasFull(ROOM)],
    ['roomWasFull during a call', 'connected', () => state().roomWasFull(ROOM)],
    ['joinRefused while in a room', 'canCall', () => state().joinRefused()],
    ['peerArrived before joining', 'disconnect', () => state().peerArrived(PEER)],
    ['peerLeft before joining', 'disconnect', () => state().peerLeft()],
    ['peerLeft while already alone', 'waiting', () => state().peerLeft()],
    ['peerPrepared before joining', 'disconnect', () => state().peerPrepared(fakeStream('r'))],
    ['peerPrepared before media is ready', 'init', () => state().peerPrepared(fakeStream('r'))],
    ['callStarted while waiting', 'waiting', () => state().callStarted()],
    ['callStarted while connecting', 'connecting', () => state().callStarted()],
    ['callStarted while connected', 'connected', () => state().callStarted()],
    ['connected from canCall', 'canCall', () => state().connected()],
    ['connected from waiting', 'waiting', () => state().connected()],
    ['connected twice', 'connected', () => state().connected()],
    ['callEnded outside a call', 'canCall', () => state().callEnded()],
    ['callEnded while waiting', 'waiting', () => state().callEnded()],
    ['left outside a room', 'disconnect', () => state().left()],
    ['left before media is ready', 'init', () => state().left()],
    ['connectionPathKnown outside a call', 'canCall', () => state().connectionPathKnown('direct')],
    ['knocking without having asked', 'disconnect', () => state().knocking(ROOM, 1000)],
    ['knocking while in a room', 'waiting', () => state().knocking(ROOM, 1000)],
    ['joinDenied while in a room', 'canCall', () => state().joinDenied(ROOM, 'timeout')],
    ['safetyCodeKnown before connected', 'connecting', () => state().safetyCodeKnown('1')],
  ];

  it.each(cases)('%s (in %s)', (_name, from, action) => {
    reach(from);
    expectNoChange(action);
  });

  it('joined for another room id while joining leaves the join pending', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    expectNoChange(() => state().joined('another-room', SELF, null));
    expect(state()).toMatchObject({ state: 'disconnect', joining: true, roomId: ROOM });
  });

  it('roomWasFull for another room id while joining leaves the join pending', () => {
    reach('disconnect');
    state().joinRequested(ROOM);
    expectNoChange(() => state().roomWasFull('another-room'));
    expect(state()).toMatchObject({
      state: 'disconnect',
      joining: true,
      roomId: ROOM,
      fullRoomId: null,
    });
  });
});
