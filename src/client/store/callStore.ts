// The call's state machine and the data the UI shows. Actions are named after what happened;
// an action that does not fit the current state does nothing. No RTCPeerConnection or socket here.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { DeniedReason } from '../../shared/protocol';
import { msg, type Message } from '../i18n/message';
import type { MediaIssue } from '../rtc/media';
import type { ConnectionPath } from '../rtc/PeerSession';
import type { SignalStatus } from '../rtc/SignalServer';

export type CallState = 'init' | 'disconnect' | 'waiting' | 'canCall' | 'connecting' | 'connected';

export interface Notice {
  id: number;
  level: 'info' | 'success' | 'warning' | 'error';
  text: Message;
}

export interface CallData {
  state: CallState;
  /** The room we are in, or asked to join. */
  roomId: string | null;
  joining: boolean;
  selfId: string | null;
  peerId: string | null;
  localStream: MediaStream | null;
  /** Attached before Call so the player is ready; no media arrives on it until the call. */
  remoteStream: MediaStream | null;
  mediaIssue: MediaIssue | null;
  signal: SignalStatus;
  signalReason: string | null;
  /** Id of the room that turned us away as full, until the user tries again. */
  fullRoomId: string | null;
  /** Knocking at a locked room: until when (Date.now()) the members may let us in. */
  knockingUntil: number | null;
  /** A locked room did not let us in, and why; until the user tries again. */
  denied: { roomId: string; reason: DeniedReason } | null;
  /** The connected call's safety code (rtc/safetyCode.ts), the same on both sides. */
  safetyCode: string | null;
  connectionPath: ConnectionPath | null;
  /** Calls go through a TURN relay only (`/?relay=1` or the setting). */
  relayOnly: boolean;
  /** Something went wrong with the call itself (ICE failed, relay refused…), with what to try. */
  callProblem: Message | null;
  /** The problem has a Retry (a fresh connection) the user can press. */
  retryOffered: boolean;
  /** The latest one-off notice; the UI shows each id once. */
  notice: Notice | null;
}

export interface CallActions {
  mediaReady(stream: MediaStream | null, issue: MediaIssue | null): void;
  joinRequested(roomId: string): void;
  joined(roomId: string, selfId: string, peerId: string | null): void;
  roomWasFull(roomId: string): void;
  /** The room is locked: we knock and wait. */
  knocking(roomId: string, expiresInMs: number): void;
  joinDenied(roomId: string, reason: DeniedReason): void;
  joinRefused(): void;
  peerArrived(peerId: string): void;
  peerLeft(): void;
  /** An idle connection to the peer exists: its (silent) stream can be attached to the player. */
  peerPrepared(remoteStream: MediaStream): void;
  callStarted(): void;
  connected(): void;
  callEnded(): void;
  left(): void;
  signalChanged(status: SignalStatus, reason?: string): void;
  connectionPathKnown(path: ConnectionPath | null): void;
  safetyCodeKnown(code: string): void;
  callProblemChanged(problem: Message | null, options?: { retry?: boolean }): void;
  relayOnlyChanged(relayOnly: boolean): void;
  notify(level: Notice['level'], text: Message): void;
  reset(): void;
}

export type CallStore = CallData & CallActions;

const initialData: CallData = {
  state: 'init',
  roomId: null,
  joining: false,
  selfId: null,
  peerId: null,
  localStream: null,
  remoteStream: null,
  mediaIssue: null,
  signal: 'connecting',
  signalReason: null,
  fullRoomId: null,
  knockingUntil: null,
  denied: null,
  safetyCode: null,
  connectionPath: null,
  relayOnly: false,
  callProblem: null,
  retryOffered: false,
  notice: null,
};

const IN_ROOM: readonly CallState[] = ['waiting', 'canCall', 'connecting', 'connected'];
const IN_CALL: readonly CallState[] = ['connecting', 'connected'];

const callEndedData = {
  remoteStream: null,
  connectionPath: null,
  safetyCode: null,
  callProblem: null,
  retryOffered: false,
} satisfies Partial<CallData>;

let noticeId = 0;

export const createCallStore = () =>
  createStore<CallStore>()((set, get) => ({
    ...initialData,

    mediaReady: (localStream, mediaIssue) => {
      if (get().state === 'init') set({ state: 'disconnect', localStream, mediaIssue });
    },
    joinRequested: (roomId) => {
      if (get().state === 'disconnect') {
        set({ roomId, joining: true, fullRoomId: null, denied: null, knockingUntil: null });
      }
    },
    joined: (roomId, selfId, peerId) => {
      const { state, roomId: wanted } = get();
      if (wanted !== roomId) return;
      if (state === 'disconnect') {
        const next = peerId ? 'canCall' : 'waiting';
        set({ state: next, joining: false, knockingUntil: null, selfId, peerId });
      } else if (IN_ROOM.includes(state)) {
        // A rejoin after the signaling socket came back: the seat is ours again.
        set({ selfId, joining: false });
      }
    },
    roomWasFull: (roomId) => {
      if (get().state !== 'disconnect' || get().roomId !== roomId) return;
      set({ roomId: null, joining: false, fullRoomId: roomId });
      get().notify('warning', msg('room.fullNotice', { room: roomId }));
    },
    knocking: (roomId, expiresInMs) => {
      const { state, roomId: wanted, joining } = get();
      if (state === 'disconnect' && joining && wanted === roomId) {
        set({ knockingUntil: Date.now() + expiresInMs });
      }
    },
    joinDenied: (roomId, reason) => {
      if (get().state !== 'disconnect' || get().roomId !== roomId) return;
      set({ roomId: null, joining: false, knockingUntil: null, denied: { roomId, reason } });
    },
    joinRefused: () => {
      if (get().state === 'disconnect') set({ roomId: null, joining: false });
    },
    peerArrived: (peerId) => {
      const { state } = get();
      if (state === 'waiting') set({ state: 'canCall', peerId });
      else if (IN_ROOM.includes(state)) set({ state: 'canCall', peerId, ...callEndedData });
    },
    peerLeft: () => {
      if (IN_ROOM.includes(get().state)) set({ state: 'waiting', peerId: null, ...callEndedData });
    },
    peerPrepared: (remoteStream) => {
      if (IN_ROOM.includes(get().state)) set({ remoteStream });
    },
    callStarted: () => {
      if (get().state === 'canCall')
        set({ state: 'connecting', callProblem: null, retryOffered: false });
    },
    connected: () => {
      if (get().state === 'connecting')
        set({ state: 'connected', callProblem: null, retryOffered: false });
    },
    callEnded: () => {
      if (IN_CALL.includes(get().state)) set({ state: 'canCall', ...callEndedData });
    },
    left: () => {
      if (IN_ROOM.includes(get().state) || get().joining) {
        set({
          state: 'disconnect',
          roomId: null,
          joining: false,
          knockingUntil: null,
          peerId: null,
          ...callEndedData,
        });
      }
    },
    signalChanged: (signal, reason) => set({ signal, signalReason: reason ?? null }),
    connectionPathKnown: (connectionPath) => {
      if (IN_CALL.includes(get().state)) set({ connectionPath });
    },
    safetyCodeKnown: (safetyCode) => {
      if (get().state === 'connected') set({ safetyCode });
    },
    callProblemChanged: (callProblem, { retry = false } = {}) =>
      set({ callProblem, retryOffered: callProblem !== null && retry }),
    relayOnlyChanged: (relayOnly) => set({ relayOnly }),
    notify: (level, text) => set({ notice: { id: ++noticeId, level, text } }),
    reset: () => set({ ...initialData }),
  }));

export type CallStoreApi = ReturnType<typeof createCallStore>;

/** The app's one store; tests make their own with createCallStore(). */
export const callStore = createCallStore();

export function useCallStore<T>(selector: (state: CallStore) => T): T {
  return useStore(callStore, selector);
}
