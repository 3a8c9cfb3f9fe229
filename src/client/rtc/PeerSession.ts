// Owns one RTCPeerConnection: perfect negotiation, trickle ICE, and the audio/video senders.
// No React and no socket in here: signals go out through `send` and come in via handleSignal().
import type { SignalData } from '../../shared/protocol';
import { preferRedundantAudio } from './audioRedundancy';
import { Emitter } from './emitter';
import { withOpusDtx } from './opusDtx';
import { sendScale, type Size } from './sendResolution';
import { connectionPathOf } from './connectionPath';
import type { StatsEntry } from './stats';

export type MediaKind = 'audio' | 'video';
export type ConnectionPath = 'direct' | 'relay';

export interface CandidateErrorInfo {
  url: string;
  errorCode: number;
  errorText: string;
}

type PeerEvents = {
  iceState: (state: RTCIceConnectionState) => void;
  /** First media packets arrived on a remote track (it unmuted). */
  remoteFlowing: (kind: MediaKind) => void;
  /** Gathering finished; `types` lists the local candidate types found (host, srflx, relay). */
  gatheringDone: (types: Set<string>) => void;
  candidateError: (info: CandidateErrorInfo) => void;
  failure: (error: Error) => void;
  /** The data channel was made (see `channel`). */
  channel: (channel: RTCDataChannel) => void;
  /** ICE moved to another candidate pair (e.g. from the relay to a direct path found later). */
  pathChanged: () => void;
};

export interface PeerSessionOptions {
  /** The polite peer yields when both offer at once (perfect negotiation). */
  polite: boolean;
  rtcConfig: RTCConfiguration;
  send: (signal: SignalData) => void;
  /** Tracks to attach at once, paused: Call only has to switch their encodings on. */
  localStream?: MediaStream | null;
  /** Injected so unit tests can run on Node's wrtc. */
  PeerConnection?: typeof RTCPeerConnection;
  MediaStreamCtor?: typeof MediaStream;
}

const MEDIA_KINDS: readonly MediaKind[] = ['audio', 'video'];

/** Our description, asking the other side to send its audio with Opus DTX (see opusDtx.ts). */
const withDtx = ({ type, sdp }: RTCSessionDescriptionInit): RTCSessionDescriptionInit => ({
  type,
  sdp: sdp === undefined ? sdp : withOpusDtx(sdp),
});

/**
 * Video starts at most about 320 px wide: at the 300 kbps a fresh connection starts with,
 * libwebrtc would otherwise drop the first frames until it had scaled down itself.
 * fullQuality() lifts the cap once media flows, up to what the other side shows (sendScale),
 * and bandwidth estimation ramps up from there.
 */
const START_WIDTH = 320;
/** What may cap the width of the camera video sent: the line's loss, or its bitrate. */
export type WidthCapReason = 'loss' | 'bitrate';
/**
 * Kinds whose sender holds its track only while sending. Firefox sends audio from a sender whose
 * only encoding is inactive (it honours `active: false` for video alone), so an attached
 * microphone would reach the other side before Call. Video keeps its track attached, paused, so
 * its encoder is ready at Call.
 */
const TRACK_ONLY_WHILE_SENDING: ReadonlySet<MediaKind> = new Set(['audio']);

export class PeerSession extends Emitter<PeerEvents> {
  readonly pc: RTCPeerConnection;
  /** Remote audio + video, live from the first negotiation; silent until the peer starts sending. */
  readonly remoteStream: MediaStream;
  /**
   * Chat between the two sides. Negotiated (same id on both), so neither side has to wait for an
   * ondatachannel event: it opens with DTLS, before Call, and closes with the connection. The
   * impolite side makes it at once (its first offer carries it); the polite side once that offer
   * is applied, as making it earlier would have it send an offer of its own.
   */
  channel: RTCDataChannel | null = null;
  /** The polite peer yields when both offer at once (perfect negotiation). */
  readonly polite: boolean;
  private readonly send: (signal: SignalData) => void;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private readonly localStream: MediaStream | null;
  private sending = false;
  /** Tail of the encoding changes; see serially(). */
  private encodingChanges: Promise<void> = Promise.resolve();
  private readonly localCandidateTypes = new Set<string>();
  private readonly flowing = new Set<MediaKind>();
  private closed = false;
  private watchedTransport: RTCIceTransport | null = null;
  /** What the other side last said of the box it shows our video in; null: not said. */
  private peerView: Size | null = null;
  /** Past the start-up cap: the video is sized for the peer's view. */
  private sizedForView = false;
  /** Widest camera video the line lets us send, by what set the cap (see capSentWidth). */
  private readonly widthCaps = new Map<WidthCapReason, number>();
  /** ICE left connected (disconnected or failed) and has not come back since. */
  private mediaBroke = false;
  private redundantAudioAsked = false;

  constructor(options: PeerSessionOptions) {
    super();
    const PeerConnection = options.PeerConnection ?? RTCPeerConnection;
    const MediaStreamCtor = options.MediaStreamCtor ?? MediaStream;
    this.polite = options.polite;
    this.send = options.send;
    this.localStream = options.localStream ?? null;
    this.pc = new PeerConnection(options.rtcConfig);
    this.remoteStream = new MediaStreamCtor();

    this.pc.onnegotiationneeded = () => void this.makeOffer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) {
        this.localCandidateTypes.add(candidate.type ?? typeFromLine(candidate.candidate));
        this.send({ type: 'candidate', value: candidate.toJSON() });
      }
    };
    this.pc.onicegatheringstatechange = () => {
      if (this.pc.iceGatheringState === 'complete') {
        this.emit('gatheringDone', new Set(this.localCandidateTypes));
      }
    };
    this.pc.onicecandidateerror = (event) => {
      const e = event as RTCPeerConnectionIceErrorEvent;
      this.emit('candidateError', { url: e.url, errorCode: e.errorCode, errorText: e.errorText });
    };
    this.pc.oniceconnectionstatechange = () => {
      const state = this.pc.iceConnectionState;
      if (state === 'disconnected' || state === 'failed') this.mediaBroke = true;
      else if (this.mediaBroke && this.iceConnected) {
        this.mediaBroke = false;
        void this.sendKeyFrame().catch(() => undefined);
      }
      this.emit('iceState', state);
    };
    this.pc.ontrack = ({ track }) => {
      this.remoteStream.addTrack(track);
      const kind = track.kind as MediaKind;
      const markFlowing = () => {
        if (this.flowing.has(kind)) return;
        this.flowing.add(kind);
        this.emit('remoteFlowing', kind);
      };
      if (!track.muted) markFlowing();
      track.addEventListener('unmute', markFlowing);
    };

    // The impolite side opens the audio and video lines at once, with the tracks attached but
    // their encodings inactive: ICE, DTLS and the encoders are ready before anyone presses Call,
    // and not a packet of media leaves. The polite side adopts the lines from the offer.
    if (!this.polite) {
      for (const kind of MEDIA_KINDS) {
        const track = this.localTrack(kind);
        const attached = TRACK_ONLY_WHILE_SENDING.has(kind) ? null : track;
        this.pc.addTransceiver(attached ?? kind, {
          direction: 'sendrecv',
          sendEncodings: [{ active: false, ...startScale(track) }],
        });
      }
    }
    if (!this.polite) this.openChannel();
  }

  get iceConnected(): boolean {
    const state = this.pc.iceConnectionState;
    return state === 'connected' || state === 'completed';
  }

  isFlowing(kind: MediaKind): boolean {
    return this.flowing.has(kind);
  }

  /** Starts sending the attached tracks on the ready transport (no renegotiation). */
  async startSending(): Promise<void> {
    this.sending = true;
    await this.serially(() => this.applySending());
  }

  async stopSending(): Promise<void> {
    this.sending = false;
    await this.serially(() => this.applySending());
  }

  /** Lifts the start-up resolution cap (see START_WIDTH) to what the peer's view needs. */
  async fullQuality(): Promise<void> {
    this.sizedForView = true;
    await this.sizeForView();
  }

  /**
   * Makes the video encoder start over with a keyframe, by pausing its encoding for a moment.
   * After a break in the path, what arrives next cannot be decoded without one, and the receiver
   * (libwebrtc) asks for one only when its wait for a frame times out, every 3 s: on a line that
   * comes back, the picture would stay frozen for up to 3 s more. Nothing to do while not sending.
   */
  async sendKeyFrame(): Promise<void> {
    await this.serially(async () => {
      const video = this.senderOf('video');
      if (!video?.track || !this.sending || this.closed) return;
      if (!video.getParameters().encodings.every((e) => e.active)) return;
      await updateEncodings(video, { active: false });
      await updateEncodings(video, { active: true });
    });
  }

  /**
   * The other side shows our video in a box this big (its device pixels; 0 × 0 while it shows
   * none, its tab hidden): from now on the video is sent no bigger than that (see sendScale).
   */
  async peerShowsVideoAt(box: Size): Promise<void> {
    this.peerView = box;
    // Before that, fullQuality() sizes the video, once media flows.
    if (this.sizedForView) await this.sizeForView().catch(() => undefined);
  }

  /**
   * Sends the camera's video no wider than `width` px (Infinity: no cap) for `reason` until told
   * otherwise: on a line that keeps losing packets, fewer packets per frame (pictureOnLoss.ts); on
   * a thin line, a picture its bitrate can carry (pictureForBitrate.ts). The narrowest cap holds.
   * A shared screen keeps its size, since its text must stay readable.
   */
  async capSentWidth(reason: WidthCapReason, width: number): Promise<void> {
    this.widthCaps.set(reason, width);
    if (this.sizedForView) await this.sizeForView().catch(() => undefined);
  }

  /** The sender whose track is of this kind (none before a track is attached). */
  private senderOf(kind: MediaKind): RTCRtpSender | undefined {
    return this.pc.getSenders().find((s) => s.track?.kind === kind);
  }

  private async sizeForView(): Promise<void> {
    await this.serially(async () => {
      const video = this.senderOf('video');
      if (!video?.track || this.closed) return;
      const cap =
        video.track.contentHint === 'detail' ? Infinity : Math.min(...this.widthCaps.values());
      const scale = sendScale(trackSize(video.track), this.peerView, cap);
      await updateEncodings(video, { scaleResolutionDownBy: scale });
    });
  }

  /**
   * Sends another track of the same kind (device switch, screen share) without renegotiating.
   * A line without a track yet (answering side before the answer) picks it up from the local
   * stream in attachPaused(), so the caller changes that stream first.
   */
  async replaceTrack(kind: MediaKind, track: MediaStreamTrack): Promise<void> {
    const sender = this.senderOf(kind);
    if (!sender || this.closed) return;
    await sender.replaceTrack(track);
    // A screen or another camera has its own size: scale it for the peer's view afresh.
    if (kind === 'video' && this.sizedForView) await this.sizeForView().catch(() => undefined);
  }

  /**
   * Swaps the ICE servers (a fresh TURN credential). Candidates gathered so far stay; the new
   * servers are used from the next gathering (an ICE restart).
   */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (this.closed) return;
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    } catch (error) {
      this.fail(error);
    }
  }

  /** Audio with redundancy (RED) was asked for on this connection (see audioRedundancy.ts). */
  get redundantAudio(): boolean {
    return this.redundantAudioAsked;
  }

  /**
   * Renegotiates the audio to RED, both ways, where the browser has it; once per connection, and
   * not when the other side already did. Only from a settled state: mid-negotiation it waits to
   * be asked again.
   */
  useRedundantAudio(): void {
    if (this.redundantAudioAsked || this.closed) return;
    const audio = this.pc.getSenders().find((sender) => sender.track?.kind === 'audio');
    if (audio?.getParameters().codecs[0]?.mimeType.toLowerCase() === 'audio/red') {
      this.redundantAudioAsked = true; // the other side switched first
      return;
    }
    if (this.pc.signalingState !== 'stable' || this.makingOffer) return;
    this.redundantAudioAsked = true;
    if (preferRedundantAudio(this.pc.getTransceivers())) void this.makeOffer();
  }

  /** Asks for an ICE restart; only the impolite side should, to avoid a double restart. */
  restartIce(): void {
    if (!this.closed) this.pc.restartIce();
  }

  async handleSignal(signal: SignalData): Promise<void> {
    if (this.closed) return;
    try {
      if (signal.type === 'offer' || signal.type === 'answer') {
        await this.handleDescription(signal.value as RTCSessionDescriptionInit);
      } else if (signal.type === 'candidate') {
        await this.handleCandidate(signal.value as RTCIceCandidateInit);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Which path the selected candidate pair takes; null before ICE connects. The ICE transport's
   * own selected pair first: at a `selectedcandidatepairchange` it is already the new one, while
   * getStats() (the fallback, e.g. in Firefox) may still report the old pair or none.
   */
  async connectionPath(): Promise<ConnectionPath | null> {
    const transport = this.pc.getSenders()[0]?.transport?.iceTransport as
      | (RTCIceTransport & { getSelectedCandidatePair?: () => RTCIceCandidatePair | null })
      | undefined;
    let pair: RTCIceCandidatePair | null | undefined;
    try {
      pair = transport?.getSelectedCandidatePair?.();
    } catch {
      pair = null; // declared but not implemented (Node's wrtc): getStats() tells
    }
    if (pair?.local && pair.remote) {
      return pair.local.type === 'relay' || pair.remote.type === 'relay' ? 'relay' : 'direct';
    }
    const stats = await this.pc.getStats();
    return connectionPathOf(stats.values() as Iterable<StatsEntry>);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.close();
    this.removeAllListeners();
  }

  private async makeOffer(): Promise<void> {
    if (this.closed) return;
    try {
      this.makingOffer = true;
      const offer = await this.pc.createOffer();
      // A remote offer may have been applied while ours was being made: it wins, ours is moot.
      if (this.pc.signalingState !== 'stable' || this.closed) return;
      await this.pc.setLocalDescription(withDtx(offer));
      this.watchSelectedPair();
      this.sendDescription();
    } catch (error) {
      this.fail(error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async handleDescription(description: RTCSessionDescriptionInit): Promise<void> {
    const readyForOffer =
      !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const offerCollision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.polite && offerCollision;
    if (this.ignoreOffer) return;

    this.settingRemoteAnswer = description.type === 'answer';
    if (offerCollision && this.pc.signalingState !== 'stable') {
      // Glare and we are polite: drop our own offer and take theirs. (Our offer may still be in
      // createOffer(), with nothing applied yet: then there is nothing to roll back.)
      await this.pc.setLocalDescription({ type: 'rollback' });
    }
    await this.pc.setRemoteDescription(description);
    this.settingRemoteAnswer = false;
    this.openChannel();
    this.watchSelectedPair();
    await this.flushCandidates();

    if (description.type === 'offer') {
      const adopted = this.pc.getTransceivers().filter((t) => t.direction === 'recvonly');
      for (const transceiver of adopted) transceiver.direction = 'sendrecv';
      await this.pc.setLocalDescription(withDtx(await this.pc.createAnswer()));
      // The answerer's senders get their transport only now, with the answer applied.
      this.watchSelectedPair();
      this.sendDescription();
      await this.attachPaused(adopted);
    }
  }

  private async handleCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    // Candidates can overtake the offer they belong to: keep them until it is applied.
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // A candidate for an offer we ignored in glare is expected to fail.
      if (!this.ignoreOffer) throw error;
    }
  }

  private async flushCandidates(): Promise<void> {
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of queued) await this.handleCandidate(candidate);
  }

  private sendDescription(): void {
    const description = this.pc.localDescription;
    if (description) {
      this.send({ type: description.type as 'offer' | 'answer', value: description.toJSON() });
    }
  }

  private localTrack(kind: MediaKind): MediaStreamTrack | null {
    return this.localStream?.getTracks().find((t) => t.kind === kind) ?? null;
  }

  /**
   * Answering side: attach our tracks to the lines adopted from the offer, paused like the
   * offerer's. A sender has encodings to pause only once the answer is applied, and it gets its
   * track only after that, so nothing is sent before Call.
   */
  private async attachPaused(transceivers: RTCRtpTransceiver[]): Promise<void> {
    await this.serially(async () => {
      for (const transceiver of transceivers) {
        const kind = transceiver.receiver.track.kind as MediaKind;
        const track = this.localTrack(kind);
        if (!track || transceiver.sender.track || this.closed) continue;
        await updateEncodings(transceiver.sender, { active: this.sending, ...startScale(track) });
        if (this.sending || !TRACK_ONLY_WHILE_SENDING.has(kind)) {
          await transceiver.sender.replaceTrack(track);
        }
      }
    });
  }

  /**
   * Runs encoding changes one at a time, in call order. Each is a read-modify-write of a
   * sender's parameters: a Call pressed while the answering side was still attaching its tracks
   * used to skip the sender not attached yet, which then stayed paused for the whole call.
   */
  private serially(change: () => Promise<void>): Promise<void> {
    const run = this.encodingChanges.then(change);
    this.encodingChanges = run.catch(() => undefined);
    return run;
  }

  private async applySending(): Promise<void> {
    // A polite line not negotiated or attached yet gets `sending` in attachPaused(). Video first:
    // its encoder takes longest to start.
    const lines = this.pc
      .getTransceivers()
      .map((t) => ({ sender: t.sender, kind: t.receiver.track.kind as MediaKind }))
      .filter(({ sender, kind }) => {
        if (this.closed || !this.localTrack(kind)) return false;
        // Audio: any negotiated line (its track comes and goes); video: once its track is on.
        return TRACK_ONLY_WHILE_SENDING.has(kind)
          ? sender.getParameters().encodings.length > 0
          : sender.track !== null;
      })
      .sort((a, b) => (a.kind === 'video' ? -1 : b.kind === 'video' ? 1 : 0));
    await Promise.all(
      lines.map(async ({ sender, kind }) => {
        const detach = TRACK_ONLY_WHILE_SENDING.has(kind);
        if (detach && !this.sending) await sender.replaceTrack(null);
        await updateEncodings(sender, { active: this.sending });
        if (detach && this.sending) await sender.replaceTrack(this.localTrack(kind));
      }),
    );
  }

  /**
   * ICE often connects through the relay first and moves to a direct pair once hole punching
   * succeeds a moment later: tell listeners, so the path shown follows. (A sender has its transport
   * once our own description is applied, the answerer's only with its answer; browsers without
   * RTCIceTransport events keep the first path.)
   */
  private watchSelectedPair(): void {
    const transport = this.pc.getSenders()[0]?.transport?.iceTransport;
    if (
      !transport ||
      this.watchedTransport === transport ||
      !('onselectedcandidatepairchange' in transport)
    )
      return;
    this.watchedTransport = transport;
    transport.addEventListener('selectedcandidatepairchange', () => {
      if (!this.closed) this.emit('pathChanged');
    });
  }

  private openChannel(): void {
    if (this.channel || this.closed) return;
    this.channel = this.pc.createDataChannel('duet', { negotiated: true, id: 0 });
    this.emit('channel', this.channel);
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.emit('failure', error instanceof Error ? error : new Error(String(error)));
  }
}

async function updateEncodings(
  sender: RTCRtpSender,
  patch: Pick<RTCRtpEncodingParameters, 'active' | 'scaleResolutionDownBy'>,
): Promise<void> {
  const parameters = sender.getParameters();
  if (parameters.encodings.length === 0) throw new Error('sender has no encodings to set yet');
  const entries = Object.entries(patch) as Array<[keyof typeof patch, number | boolean]>;
  const unchanged = parameters.encodings.every((e) => entries.every(([k, v]) => e[k] === v));
  if (unchanged) return;
  for (const encoding of parameters.encodings) Object.assign(encoding, patch);
  await sender.setParameters(parameters);
}

function trackSize(track: MediaStreamTrack): Size | null {
  const { width, height } = track.getSettings();
  return width && height ? { width, height } : null;
}

function startScale(track: MediaStreamTrack | null): { scaleResolutionDownBy?: number } {
  if (track?.kind !== 'video') return {};
  const width = track.getSettings().width ?? START_WIDTH;
  return { scaleResolutionDownBy: Math.max(1, width / START_WIDTH) };
}

function typeFromLine(line: string): string {
  return / typ (\w+)/.exec(line)?.[1] ?? 'unknown';
}
