// Runs a 1:1 call: signaling events in, PeerSession and store updates out. Framework-free.
//
// The flow: as soon as two people share a room the impolite side (smaller userId) negotiates a
// transport with audio/video lines but no tracks, so ICE and DTLS are done before anyone clicks.
// Call then only attaches the tracks (replaceTrack) and tells the peer, which does the same.
// Hang-up closes the connection and a fresh idle one is negotiated for the next call.
import type {
  DeniedReason,
  ErrorCode,
  IceServer,
  IceServersResponse,
  JoinedPayload,
  SignalData,
} from '../../shared/protocol';
import { msg, type Message, type MessageKey } from '../i18n/message';
import type { CallStoreApi } from '../store/callStore';
import type { CallMemory } from './callMemory';
import {
  gatheringProblem,
  hasTurn,
  RELAY_NEEDED_AFTER_MS,
  relayNeededProblem,
} from './iceProblems';
import { IceRecovery } from './iceRecovery';
import { IceServerSource } from './IceServerSource';
import { fetchIceServers } from './iceServers';
import { stopStream, type LocalMedia } from './media';
import {
  PeerSession,
  type CandidateErrorInfo,
  type MediaKind,
  type PeerSessionOptions,
} from './PeerSession';
import type { JoinOptions, SignalServer } from './SignalServer';

const FULL_QUALITY_AFTER_MS = 1000;

/** Server errors a user can meet and act on; the others are shown with the server's words. */
const SERVER_ERROR: Partial<Record<ErrorCode, MessageKey>> = {
  'bad-room-id': 'signal.badRoomId',
  'bad-passcode': 'signal.badPasscode',
  'too-many-rooms': 'signal.tooManyRooms',
  'rate-limited': 'signal.rateLimited',
  internal: 'signal.internal',
};

/** Errors that answer a join: it did not happen. */
const REFUSES_JOIN = new Set<ErrorCode>(['bad-room-id', 'bad-passcode', 'too-many-rooms']);

/** What a side says it sends, in its `call` message. */
interface CallOffer {
  audio: boolean;
  video: boolean;
  reply?: boolean;
}

/** What the user brings to a locked room. */
export type EntryOptions = Pick<JoinOptions, 'passcode' | 'name'>;

export interface CallControllerDeps {
  signal: Pick<SignalServer, 'on' | 'join' | 'send' | 'leave' | 'close' | 'status'>;
  store: CallStoreApi;
  clientId: string;
  acquireMedia: () => Promise<LocalMedia>;
  /** Force TURN (iceTransportPolicy 'relay'). */
  relayOnly?: boolean;
  createPeer?: (options: PeerSessionOptions) => PeerSession;
  /** ICE that is neither connected nor failed after this long gets a notice. */
  iceTimeoutMs?: number;
  /** Without a TURN relay, a call with no path after this long is told it needs one. */
  relayNeededAfterMs?: number;
  /** Where the tab keeps its room and call across a reload; none: nothing is resumed. */
  memory?: CallMemory;
  /** A connection to the peer was made (null: closed), for the features riding on it (chat, stats, controls). */
  onPeerChanged?: (peer: PeerSession | null) => void;
  /** The peer said what it sends (`media-state`); the value is unchecked. */
  onMediaState?: (value: unknown, from: string) => void;
  /** Fresh ICE servers (a new TURN credential) for this membership proof; GET /api/ice-servers by default. */
  fetchIceServers?: (token: string) => Promise<IceServersResponse>;
  /**
   * Resolves once the remote video has shown a frame (see framePresented.ts): a call with video
   * turns `connected` then, not at its first packet. None: at once.
   */
  remoteFrameShown?: () => Promise<void>;
}

export class CallController {
  private peer: PeerSession | null = null;
  private roomId: string | null = null;
  /** The passcode and name of the current join, sent again on a rejoin. */
  private entry: EntryOptions = {};
  private selfId: string | null = null;
  private peerId: string | null = null;
  private readonly ice: IceServerSource;
  private relayOnly: boolean;
  /** icecandidateerror events of the current peer, to explain a gathering that found nothing. */
  private candidateErrors: CandidateErrorInfo[] = [];
  /** Why the current peer cannot connect, once its gathering ended with nothing usable. */
  private gatheringProblem: Message | null = null;
  /** Why the current call finds no path (no TURN relay to fall back on), once that is known. */
  private pathProblem: Message | null = null;
  private localStream: MediaStream | null = null;
  /** Media was started on our side for the current call. */
  private inCall = false;
  private remoteOffer: CallOffer | null = null;
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  /** ICE restarts of the current peer (see iceRecovery.ts for the schedule). */
  private recovery: IceRecovery | null = null;
  /** The signaling socket reconnected and its `joined` is still to come. */
  private backAfterDrop = false;
  /** Call again as soon as the peer is back in the room (reloaded mid-call, or a call lost). */
  private callAfterRejoin = false;
  /**
   * The peer the server let go of during a call (its heartbeat timed out on a line that went
   * down): if it comes back still holding that call, the call is started again on fresh
   * connections, since ours was closed at `bye`.
   */
  private callLostWith: string | null = null;
  /** The wait for the current peer's first remote frame, before the call counts as connected. */
  private frameGate: { peer: PeerSession; shown: boolean } | null = null;
  private readonly unsubscribers: Array<() => void> = [];
  private disposed = false;

  constructor(private readonly deps: CallControllerDeps) {
    this.relayOnly = deps.relayOnly ?? false;
    this.ice = new IceServerSource({
      fetch: deps.fetchIceServers ?? ((token) => fetchIceServers(token)),
      // Used from the next gathering: an ICE restart or the next call.
      onUpdate: (iceServers) => this.peer?.setIceServers(iceServers),
    });
  }

  private get store() {
    return this.deps.store.getState();
  }

  async start(): Promise<void> {
    const { signal } = this.deps;
    this.unsubscribers.push(
      signal.on('status', (status, reason) => this.store.signalChanged(status, reason)),
      signal.on('reconnected', () => {
        this.backAfterDrop = true;
        this.rejoin();
      }),
      signal.on('joined', (p) => this.onJoined(p)),
      signal.on(
        'otherjoined',
        (p) => p.roomId === this.roomId && this.onOtherJoined(p.userId, p.resumed),
      ),
      signal.on('full', (p) => this.onFull(p.roomId)),
      signal.on(
        'knocking',
        (p) => p.roomId === this.roomId && this.store.knocking(p.roomId, p.expiresInMs),
      ),
      signal.on('denied', (p) => this.onDenied(p.roomId, p.reason)),
      signal.on('message', (data, meta) => this.onSignal(data, meta.from)),
      signal.on('bye', (p) => p.roomId === this.roomId && this.onPeerGone(p.userId)),
      signal.on('error', (p) => this.onServerError(p.code, p.message)),
    );
    this.store.signalChanged(signal.status);
    this.store.relayOnlyChanged(this.relayOnly);
    const media = await this.deps.acquireMedia();
    if (this.disposed) {
      stopStream(media.stream);
      return;
    }
    this.localStream = media.stream;
    this.store.mediaReady(media.stream, media.issue);
    // A reload: back into the same room (the same client id takes back the old seat).
    const remembered = this.deps.memory?.recall();
    if (remembered) {
      this.callAfterRejoin = remembered.inCall;
      this.join(remembered.roomId);
    }
  }

  /** Joins `roomId`; into a locked room with `entry.passcode`, or knocking as `entry.name`. */
  join(roomId: string, entry: EntryOptions = {}): void {
    if (this.roomId) return;
    this.store.joinRequested(roomId);
    this.roomId = roomId;
    this.entry = entry;
    this.deps.signal.join(roomId, this.deps.clientId, entry);
    this.remember();
  }

  /** The room we are in, or are joining or knocking at. */
  get room(): string | null {
    return this.roomId;
  }

  /** The room we hold a seat in (not one we only asked to join or knock at). */
  get memberOf(): string | null {
    const { state } = this.store;
    return state === 'init' || state === 'disconnect' ? null : this.roomId;
  }

  /**
   * Leaves the room. `forget: false` is for the page going away (reload, navigation): the tab
   * keeps the room and call in memory so the next load resumes them.
   */
  leave({ forget = true }: { forget?: boolean } = {}): void {
    if (!this.roomId) return;
    this.deps.signal.leave(this.roomId);
    this.ice.stop();
    this.closePeer();
    this.roomId = this.peerId = null;
    this.entry = {};
    this.callAfterRejoin = false;
    this.callLostWith = null;
    this.store.left();
    if (forget) this.deps.memory?.remember(null);
  }

  call(): void {
    if (this.store.state !== 'canCall' || !this.peerId) return;
    this.startMedia(false);
  }

  hangUp(): void {
    if (!this.inCall) return;
    this.sendSignal({ type: 'hangup' });
    this.endCall();
  }

  /** After a connection that could not be restored: the same call again, on a fresh connection. */
  retry(): void {
    if (!this.inCall) return;
    this.hangUp();
    this.call();
  }

  /** A signal for the peer in our room, from the features outside the call flow (media-state). */
  signalPeer(data: SignalData): void {
    if (this.peerId) this.sendSignal(data);
  }

  /**
   * Fetches a fresh TURN credential now and hands it to the live connection; call it before an ICE
   * restart, or for the network test. (Credentials are also refreshed by themselves before they
   * expire.) Outside a room it rejects with NotInRoomError: only members get credentials.
   */
  refreshIceServers(): Promise<IceServer[]> {
    return this.ice.refresh();
  }

  /**
   * Relay-only (iceTransportPolicy 'relay') for every connection made from now on. A connection
   * prepared before the change keeps the path it found (an ICE restart does not move it), so an
   * idle one is dropped by rejoining the room: both sides then prepare a new one. A running call
   * keeps its path; the next call uses the new policy (hang-up renews both connections).
   */
  setRelayOnly(on: boolean): void {
    if (on === this.relayOnly) return;
    this.relayOnly = on;
    this.store.relayOnlyChanged(on);
    const { roomId, entry } = this;
    if (roomId && this.peer && !this.inCall) {
      this.leave();
      this.join(roomId, entry);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.ice.stop();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.closePeer();
    this.deps.signal.close();
    stopStream(this.localStream);
    this.localStream = null;
  }

  // --- signaling events -------------------------------------------------------------------

  private onJoined({
    roomId,
    userId: selfId,
    peers,
    iceServers,
    iceTtl,
    iceToken,
  }: JoinedPayload): void {
    if (roomId !== this.roomId) return;
    this.selfId = selfId;
    this.ice.set(iceServers, iceTtl, iceToken);
    const peerId = peers[0] ?? null;
    // The call to resume needs the same people: a room found empty starts afresh.
    if (!peerId) this.callAfterRejoin = false;
    const wasInRoom = this.store.state !== 'disconnect';
    this.store.joined(roomId, selfId, peerId);
    if (!wasInRoom) {
      if (peerId) this.onPeerPresent(peerId);
    } else if (peerId && peerId !== this.peerId) {
      this.onPeerPresent(peerId);
    } else if (this.backAfterDrop) {
      // Back in the room on a new socket: an ICE restart that waited for signaling can go now.
      this.recovery?.retryNow();
    }
    this.backAfterDrop = false;
  }

  private onFull(roomId: string): void {
    if (roomId !== this.roomId) return;
    this.roomId = null;
    this.callAfterRejoin = false;
    this.deps.memory?.remember(null);
    this.store.roomWasFull(roomId);
  }

  /** A locked room did not let us in: like a full one, nothing to rejoin after a reload. */
  private onDenied(roomId: string, reason: DeniedReason): void {
    if (roomId !== this.roomId || this.memberOf !== null) return;
    this.roomId = null;
    this.entry = {};
    this.callAfterRejoin = false;
    this.deps.memory?.remember(null);
    this.store.joinDenied(roomId, reason);
  }

  private onServerError(code: ErrorCode, message: string): void {
    if (this.store.joining && REFUSES_JOIN.has(code)) {
      this.roomId = null;
      this.entry = {};
      this.callAfterRejoin = false;
      this.deps.memory?.remember(null);
      this.store.joinRefused();
    }
    this.store.notify('error', msg(SERVER_ERROR[code] ?? 'signal.error', { detail: message }));
  }

  /** A (possibly returning) peer is in the room: start over with a fresh idle transport. */
  private onPeerPresent(peerId: string): void {
    this.closePeer();
    this.peerId = peerId;
    this.store.peerArrived(peerId);
    if (!this.isPolite()) this.ensurePeer();
    if (this.callAfterRejoin) {
      this.callAfterRejoin = false;
      this.call();
    }
  }

  private onPeerGone(userId: string): void {
    if (userId !== this.peerId) return;
    this.callLostWith = this.inCall ? userId : null;
    this.closePeer();
    this.peerId = null;
    this.store.peerLeft();
    this.remember();
  }

  private onSignal(data: SignalData, from: string): void {
    if (from !== this.peerId) return;
    switch (data.type) {
      case 'offer':
      case 'answer':
      case 'candidate':
        void this.ensurePeer().handleSignal(data);
        break;
      case 'call':
        this.onRemoteCall(data.value as CallOffer);
        break;
      case 'hangup':
        if (this.inCall) this.endCall();
        break;
      case 'media-state':
        this.deps.onMediaState?.(data.value, from);
        break;
      default:
        break;
    }
  }

  /** After a signaling drop: take our seat back, telling the peer our connection still stands. */
  private rejoin(): void {
    if (!this.roomId) return;
    this.deps.signal.join(this.roomId, this.deps.clientId, {
      ...this.entry,
      resume: this.peer !== null,
    });
  }

  private onOtherJoined(userId: string, resumed = false): void {
    // The same peer back after a signaling drop, with its connection intact: the call goes on,
    // and an ICE restart waiting for the peer to be reachable again goes out now.
    if (resumed && userId === this.peerId && this.peer) {
      this.recovery?.retryNow();
      return;
    }
    const lostCall = resumed && userId === this.callLostWith;
    this.callLostWith = null;
    if (lostCall) {
      // The peer still has the call we ended at its `bye`: it hangs that one up (which leaves it
      // ready on a fresh connection) and the call starts again, as after Retry.
      this.sendSignal({ type: 'hangup' });
      this.callAfterRejoin = true;
    }
    this.onPeerPresent(userId);
  }

  // --- the call ---------------------------------------------------------------------------

  private onRemoteCall(offer: CallOffer): void {
    this.remoteOffer = offer;
    if (!this.inCall && this.store.state === 'canCall') this.startMedia(true);
    this.checkConnected();
  }

  private startMedia(reply: boolean): void {
    const peer = this.ensurePeer();
    this.inCall = true;
    void peer.startSending();
    const tracks = this.localStream?.getTracks() ?? [];
    const offer: CallOffer = {
      audio: tracks.some((t) => t.kind === 'audio'),
      video: tracks.some((t) => t.kind === 'video'),
      ...(reply ? { reply: true } : {}),
    };
    this.sendSignal({ type: 'call', value: offer });
    this.store.callStarted();
    this.remember();
    // Known already (the transport was prepared before the click): no point waiting.
    if (this.gatheringProblem) this.store.callProblemChanged(this.gatheringProblem);
    this.armIceTimer();
    // A transport that broke while idle gets a fresh round of restarts for this call.
    this.recovery?.renew();
    this.checkConnected();
  }

  private endCall(): void {
    this.closePeer();
    this.store.callEnded();
    this.remember();
    // Stay ready for the next call with a fresh idle transport.
    if (this.peerId && !this.isPolite()) this.ensurePeer();
  }

  /** Connected means ICE is up and the media the peer said it sends is arriving. */
  private checkConnected(): void {
    const peer = this.peer;
    if (!peer || !this.inCall || !this.remoteOffer || !peer.iceConnected) return;
    const expected: MediaKind[] = this.remoteOffer.video
      ? ['video']
      : this.remoteOffer.audio
        ? ['audio']
        : [];
    if (!expected.every((kind) => peer.isFlowing(kind))) return;
    if (this.store.state !== 'connecting') return;
    if (expected.includes('video') && !this.remoteFrameShown(peer)) return;
    clearTimeout(this.iceTimer);
    this.store.connected();
    // Lift the start-up resolution cap a moment later, not while the first frames are decoded.
    setTimeout(() => void peer.fullQuality(), FULL_QUALITY_AFTER_MS);
    this.showPath(peer);
  }

  private showPath(peer: PeerSession): void {
    void peer.connectionPath().then((path) => {
      // No selected pair for a moment (an ICE restart under way) is no news: the path shown stays
      // until the next pair is chosen, which reads it again.
      if (this.peer === peer && path !== null) this.store.connectionPathKnown(path);
    });
    void this.showSafetyCode(peer);
  }

  /** The code of this connection's two certificates, for the people to compare by voice. */
  private async showSafetyCode(peer: PeerSession): Promise<void> {
    try {
      // Loaded once a call is up: nothing on the first screen needs it.
      const { liveFingerprints, safetyCode } = await import('./safetyCode');
      const fingerprints = await liveFingerprints(peer.pc);
      if (!fingerprints || this.peer !== peer) return;
      const code = await safetyCode(fingerprints.local, fingerprints.remote);
      if (this.peer === peer) this.store.safetyCodeKnown(code);
    } catch {
      // No stats or no WebCrypto (an insecure origin): the call goes on without a code.
    }
  }

  /** False until the peer's first remote frame is on screen; starts the wait the first time. */
  private remoteFrameShown(peer: PeerSession): boolean {
    const waitForFrame = this.deps.remoteFrameShown;
    if (!waitForFrame) return true;
    if (this.frameGate?.peer === peer) return this.frameGate.shown;
    const gate = { peer, shown: false };
    this.frameGate = gate;
    void waitForFrame().then(() => {
      gate.shown = true;
      if (this.frameGate === gate) this.checkConnected();
    });
    return false;
  }

  // --- the peer connection ----------------------------------------------------------------

  private isPolite(): boolean {
    return this.selfId !== null && this.peerId !== null && this.selfId > this.peerId;
  }

  private ensurePeer(): PeerSession {
    if (this.peer) return this.peer;
    const options: PeerSessionOptions = {
      polite: this.isPolite(),
      rtcConfig: {
        iceServers: this.ice.current,
        iceTransportPolicy: this.relayOnly ? 'relay' : 'all',
        bundlePolicy: 'max-bundle',
      },
      send: (signal) => this.sendSignal(signal),
      localStream: this.localStream,
    };
    const peer = this.deps.createPeer ? this.deps.createPeer(options) : new PeerSession(options);
    this.peer = peer;
    this.recovery = new IceRecovery({
      polite: options.polite,
      isConnected: () => peer.iceConnected,
      restart: () => peer.restartIce(),
      reconnecting: () => {
        if (this.inCall)
          this.store.callProblemChanged(
            this.gatheringProblem ?? this.pathProblem ?? msg('call.reconnecting'),
          );
      },
      gaveUp: () => this.iceGaveUp(),
    });
    this.store.peerPrepared(peer.remoteStream);
    this.deps.onPeerChanged?.(peer);
    peer.on('iceState', (state) => this.onIceState(peer, state));
    peer.on('remoteFlowing', () => this.checkConnected());
    peer.on('failure', (error) =>
      this.store.notify('error', msg('call.setupFailed', { error: error.message })),
    );
    peer.on('candidateError', (error) => this.candidateErrors.push(error));
    peer.on('gatheringDone', (types) => this.onGatheringDone(peer, types));
    peer.on('pathChanged', () => {
      if (this.store.state === 'connected') this.showPath(peer);
    });
    return peer;
  }

  /** Gathering that found nothing usable (e.g. relay-only and the TURN server refused us) is said at once. */
  private onGatheringDone(peer: PeerSession, types: Set<string>): void {
    if (peer !== this.peer || peer.iceConnected) return;
    this.gatheringProblem = gatheringProblem({
      relayOnly: this.relayOnly,
      turnConfigured: hasTurn(this.ice.current),
      types,
      errors: this.candidateErrors,
    });
    if (this.gatheringProblem) this.store.callProblemChanged(this.gatheringProblem);
  }

  private onIceState(peer: PeerSession, state: RTCIceConnectionState): void {
    if (peer !== this.peer) return;
    this.recovery?.iceStateChanged(state);
    // The media path broke: perhaps our network changed (a new public address), which also killed
    // the signaling socket without a word, and an ICE restart needs signaling. Joining again is
    // harmless on a live socket (the server answers `joined`); on a dead one the server answers
    // the packet from our new address with a reset, so the socket reconnects at once instead of
    // after its heartbeat times out.
    if ((state === 'disconnected' || state === 'failed') && this.inCall) this.rejoin();
    if (state === 'connected' || state === 'completed') {
      this.pathProblem = null;
      this.store.callProblemChanged(null);
      // Back after a break (an ICE restart): the path may be another one now.
      if (this.store.state === 'connected') this.showPath(peer);
      this.checkConnected();
    } else if (state === 'failed' && this.inCall && this.store.state === 'connecting') {
      // Every pair failed before the call ever connected: without a relay, nothing will help.
      this.sayRelayNeeded();
    }
  }

  /** A call with no path and no TURN relay to fall back on: say so, never an endless Connecting. */
  private sayRelayNeeded(): boolean {
    const problem = relayNeededProblem({
      turnConfigured: hasTurn(this.ice.current),
      relayOnly: this.relayOnly,
    });
    if (!problem) return false;
    this.pathProblem = problem;
    this.store.callProblemChanged(this.gatheringProblem ?? problem);
    return true;
  }

  /** Every ICE restart failed: say so, and offer Retry (a fresh connection for the same call). */
  private iceGaveUp(): void {
    if (!this.inCall) return;
    // A gathering that already said why (e.g. the relay refused our credential) says it best.
    this.store.callProblemChanged(
      this.gatheringProblem ??
        this.pathProblem ??
        msg(this.relayOnly ? 'call.lostRelay' : 'call.lost'),
      { retry: true },
    );
  }

  private armIceTimer(): void {
    clearTimeout(this.iceTimer);
    const stillConnecting = () => this.inCall && this.store.state === 'connecting';
    if (!hasTurn(this.ice.current) && !this.relayOnly) {
      this.iceTimer = setTimeout(() => {
        if (stillConnecting() && !this.peer?.iceConnected) this.sayRelayNeeded();
      }, this.deps.relayNeededAfterMs ?? RELAY_NEEDED_AFTER_MS);
      return;
    }
    const timeout = this.deps.iceTimeoutMs ?? 15_000;
    this.iceTimer = setTimeout(() => {
      if (stillConnecting()) {
        this.store.callProblemChanged(msg('call.noMedia', { seconds: Math.round(timeout / 1000) }));
      }
    }, timeout);
  }

  private closePeer(): void {
    clearTimeout(this.iceTimer);
    this.recovery?.stop();
    this.recovery = null;
    if (this.peer) this.deps.onPeerChanged?.(null);
    this.peer?.close();
    this.peer = null;
    this.inCall = false;
    this.remoteOffer = null;
    this.frameGate = null;
    this.candidateErrors = [];
    this.gatheringProblem = null;
    this.pathProblem = null;
  }

  private remember(): void {
    if (this.roomId) this.deps.memory?.remember({ roomId: this.roomId, inCall: this.inCall });
  }

  private sendSignal(data: SignalData): void {
    if (this.roomId) this.deps.signal.send(this.roomId, data);
  }
}
