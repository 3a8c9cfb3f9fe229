// @vitest-environment node
// Two PeerSessions on Node's real WebRTC (@roamhq/wrtc), wired to each other through their `send`
// callbacks like a socket would: asynchronously, in order, with a hand on the wire to hold back,
// drop or reorder signals. No sleeps: every wait re-checks its condition on events.
//
// What wrtc 0.10 cannot do, and so is not tested here for real:
// - RTCRtpSender.setParameters() after negotiation always rejects (InvalidStateError), so pausing
//   and resuming encodings is checked against a recording stub of setParameters, not libwebrtc.
// - Remote tracks are never muted in wrtc: 'remoteFlowing' fires as soon as a track arrives,
//   whether media flows or not, so it cannot show that startSending() started the media.
import wrtc from '@roamhq/wrtc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignalData } from '../../shared/protocol';
import { KeptMediaStream, KeptPeerConnection, keep } from '../testing/keptPeerConnection';
import { PeerSession, type MediaKind } from './PeerSession';

const WAIT_MS = 10_000;
// Node's, to deliver like a socket does: after all that is already queued. Declared here because
// the client tsconfig has no Node types.
declare const setImmediate: (callback: () => void) => unknown;

type Verdict = 'deliver' | 'hold' | 'drop';

interface Wired {
  to: PeerSession;
  signal: SignalData;
}

/** Everything a test opens, closed again after it. */
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  vi.restoreAllMocks();
});

/** Local audio + video from wrtc's synthetic sources (640×480, like a fake camera). */
function localMedia(): MediaStream {
  const video = keep(keep(new wrtc.nonstandard.RTCVideoSource()).createTrack());
  const audio = keep(keep(new wrtc.nonstandard.RTCAudioSource()).createTrack());
  cleanups.push(() => {
    video.stop();
    audio.stop();
  });
  return keep(new wrtc.MediaStream([audio, video]));
}

/**
 * An impolite and a polite session joined by an in-order, asynchronous wire. `route` decides per
 * signal whether it goes through now, is held until release(), or is lost.
 */
class Pair {
  readonly impolite: PeerSession;
  readonly polite: PeerSession;
  /** Every 'failure' event, with the side that emitted it. */
  readonly failures: Array<{ polite: boolean; message: string }> = [];
  /** Every signal handed to a session, in order, and whether it had a remote description then. */
  readonly delivered: Array<Wired & { hadRemoteDescription: boolean }> = [];
  route: (wired: Wired) => Verdict = () => 'deliver';
  private held: Wired[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    media: { impolite?: MediaStream; polite?: MediaStream } = {},
    private readonly PeerConnection: typeof RTCPeerConnection = KeptPeerConnection,
  ) {
    this.impolite = this.session(false, media.impolite);
    this.polite = this.session(true, media.polite);
    cleanups.push(() => this.close());
  }

  private session(polite: boolean, localStream?: MediaStream): PeerSession {
    const session: PeerSession = new PeerSession({
      polite,
      rtcConfig: {},
      localStream,
      send: (signal) =>
        this.carry({ to: session === this.impolite ? this.polite : this.impolite, signal }),
      PeerConnection: this.PeerConnection,
      MediaStreamCtor: KeptMediaStream,
    });
    session.on('failure', (error) => this.failures.push({ polite, message: error.message }));
    session.on('iceState', () => this.changed());
    session.pc.addEventListener('signalingstatechange', () => this.changed());
    return session;
  }

  private carry(wired: Wired): void {
    const verdict = this.route(wired);
    if (verdict === 'hold') this.held.push(wired);
    else if (verdict === 'deliver') this.deliverLater(wired);
    this.changed();
  }

  private deliverLater(wired: Wired): void {
    setImmediate(() => {
      this.delivered.push({
        ...wired,
        hadRemoteDescription: wired.to.pc.remoteDescription !== null,
      });
      void wired.to.handleSignal(wired.signal).finally(() => this.changed());
    });
  }

  /** Lets held signals go, in their order; `which` picks some of them. */
  release(which: (wired: Wired) => boolean = () => true): void {
    const now = this.held.filter(which);
    this.held = this.held.filter((wired) => !which(wired));
    for (const wired of now) this.deliverLater(wired);
  }

  heldSignals(): SignalData[] {
    return this.held.map((wired) => wired.signal);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resolves once `check` holds, re-checking whenever a signal moves or a state changes. */
  until(what: string, check: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!check()) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      listener();
    });
  }

  connected(): Promise<void> {
    return this.until(
      'both sides ICE-connected and stable',
      () =>
        this.impolite.iceConnected &&
        this.polite.iceConnected &&
        this.impolite.pc.signalingState === 'stable' &&
        this.polite.pc.signalingState === 'stable',
    );
  }

  close(): void {
    this.impolite.close();
    this.polite.close();
  }
}

/** An event as a promise, with a timeout. */
function nextEvent<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, WAIT_MS);
    const off = subscribe((value) => {
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

interface SetParametersCall {
  sender: RTCRtpSender;
  encodings: RTCRtpEncodingParameters[];
}

/**
 * A wrtc RTCPeerConnection whose senders keep the encodings given to setParameters() (and record
 * them) instead of rejecting as wrtc does once negotiated, so the encodings PeerSession asks for
 * can be checked. The prototype methods are not configurable; the sender objects wrtc reuses are.
 */
function recordingPeerConnection(
  calls: SetParametersCall[],
  /** Runs before each setParameters() takes effect; its promise can hold that call back. */
  beforeSet: (sender: RTCRtpSender) => Promise<void> | void = () => {},
): typeof RTCPeerConnection {
  const record = (sender: RTCRtpSender) => {
    if (Object.hasOwn(sender, 'setParameters')) return sender;
    const getParameters = sender.getParameters.bind(sender);
    let encodings: RTCRtpEncodingParameters[] | null = null;
    Object.defineProperties(sender, {
      getParameters: {
        value: () => {
          const parameters = getParameters();
          return encodings ? { ...parameters, encodings: structuredClone(encodings) } : parameters;
        },
      },
      setParameters: {
        value: async (parameters: RTCRtpSendParameters) => {
          await beforeSet(sender);
          encodings = structuredClone(parameters.encodings);
          calls.push({ sender, encodings: structuredClone(parameters.encodings) });
        },
      },
    });
    return sender;
  };
  return class extends KeptPeerConnection {
    override addTransceiver(trackOrKind: MediaStreamTrack | string, init?: RTCRtpTransceiverInit) {
      const transceiver = super.addTransceiver(trackOrKind, init);
      record(transceiver.sender);
      return transceiver;
    }
    override getTransceivers() {
      const transceivers = super.getTransceivers();
      for (const transceiver of transceivers) record(transceiver.sender);
      return transceivers;
    }
    override getSenders() {
      return super.getSenders().map(record);
    }
  };
}

const isDescription = (signal: SignalData) => signal.type === 'offer' || signal.type === 'answer';
const senderKinds = (session: PeerSession) =>
  session.pc.getSenders().map((s) => s.track?.kind ?? null);

/** The encodings of each line's sender that has encodings, by the line's kind. */
function encodingsByKind(
  session: PeerSession,
): Partial<Record<string, RTCRtpEncodingParameters[]>> {
  const lines = session.pc
    .getTransceivers()
    .filter((t) => t.sender.getParameters().encodings.length > 0);
  return Object.fromEntries(
    lines.map((t) => [t.receiver.track.kind, t.sender.getParameters().encodings]),
  );
}

const pausedEncodings = {
  audio: [expect.objectContaining({ active: false })],
  video: [expect.objectContaining({ active: false, scaleResolutionDownBy: 2 })],
};

describe('PeerSession on wrtc', () => {
  it('an impolite and a polite side reach ICE connected, receive-only', async () => {
    const pair = new Pair();
    const gathered = nextEvent<Set<string>>(
      (l) => pair.impolite.on('gatheringDone', l),
      'gatheringDone',
    );
    await pair.connected();

    expect(pair.failures).toEqual([]);
    // The impolite side made the offer; the polite one only answered.
    const offers = pair.delivered.filter((d) => d.signal.type === 'offer');
    expect(offers).toHaveLength(1);
    expect(offers[0]?.to).toBe(pair.polite);
    // Both media lines were negotiated, so the remote stream carries audio and video.
    const kinds = (s: PeerSession) =>
      s.remoteStream
        .getTracks()
        .map((t) => t.kind)
        .sort();
    expect(kinds(pair.polite)).toEqual(['audio', 'video']);
    expect(await gathered).toContain('host');
    await expect(pair.impolite.connectionPath()).resolves.toBe('direct');
  });

  it('queues candidates that arrive before the offer and applies them after it', async () => {
    const pair = new Pair();
    // Only trickled candidates may tell the polite side where the impolite one is: the SDP carries
    // none, and the polite side's own candidates are lost, so dropped early candidates would
    // leave ICE with nothing to try.
    const stripCandidates = (signal: SignalData): SignalData => {
      const value = signal.value as RTCSessionDescriptionInit;
      return {
        ...signal,
        value: {
          ...value,
          sdp: value.sdp?.replace(/^a=(candidate|end-of-candidates).*\r\n/gm, ''),
        },
      };
    };
    pair.route = (wired) => {
      if (wired.signal.type === 'offer') {
        wired.signal = stripCandidates(wired.signal);
        return 'hold';
      }
      if (wired.signal.type === 'answer') wired.signal = stripCandidates(wired.signal);
      if (wired.signal.type === 'candidate' && wired.to === pair.impolite) return 'drop';
      return 'deliver';
    };
    const addIceCandidate = vi.spyOn(pair.polite.pc, 'addIceCandidate');

    await pair.until('a candidate delivered ahead of the offer', () =>
      pair.delivered.some((d) => d.signal.type === 'candidate' && d.to === pair.polite),
    );
    const early = pair.delivered.filter((d) => d.signal.type === 'candidate');
    expect(early.every((d) => !d.hadRemoteDescription)).toBe(true);
    expect(addIceCandidate).not.toHaveBeenCalled();

    pair.release();
    await pair.connected();
    expect(pair.failures).toEqual([]);
    const applied = addIceCandidate.mock.calls.map(([candidate]) => candidate);
    expect(applied).toEqual(expect.arrayContaining(early.map((d) => d.signal.value)));
  });

  it('glare: both sides offer at once, the polite one rolls back, and they converge', async () => {
    const pair = new Pair();
    await pair.connected();
    const politeSetLocal = vi.spyOn(pair.polite.pc, 'setLocalDescription');

    // Hold descriptions until both sides have an offer out, so each receives the other's offer
    // while its own is pending.
    pair.route = (wired) => (isDescription(wired.signal) ? 'hold' : 'deliver');
    pair.impolite.restartIce();
    pair.polite.restartIce();
    await pair.until(
      'an offer from each side',
      () => pair.heldSignals().filter((s) => s.type === 'offer').length === 2,
    );
    expect(pair.impolite.pc.signalingState).toBe('have-local-offer');
    expect(pair.polite.pc.signalingState).toBe('have-local-offer');

    pair.route = () => 'deliver';
    pair.release();
    await pair.until('both back to stable', () =>
      [pair.impolite, pair.polite].every((s) => s.pc.signalingState === 'stable'),
    );
    await pair.connected();

    expect(politeSetLocal).toHaveBeenCalledWith({ type: 'rollback' });
    // The impolite side ignores the polite offer and its candidates, the polite side yields, and
    // neither reports a failure (the polite side's re-fired negotiationneeded finds a non-stable
    // state and drops its moot offer).
    expect(pair.failures).toEqual([]);
    // The ICE restart of the impolite offer went through: both sides use new credentials.
    const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
    const first = pair.delivered.find((d) => d.signal.type === 'offer')?.signal
      .value as RTCSessionDescriptionInit;
    expect(ufrag(pair.impolite.pc.localDescription?.sdp)).not.toBe(ufrag(first.sdp));
  });

  it('attaches the camera paused on both sides, the mic not at all; startSending() switches them on', async () => {
    const calls: SetParametersCall[] = [];
    const pair = new Pair(
      { impolite: localMedia(), polite: localMedia() },
      recordingPeerConnection(calls),
    );
    await pair.connected();
    await pair.until('the polite side attached its camera', () =>
      senderKinds(pair.polite).includes('video'),
    );
    expect(pair.failures).toEqual([]);
    // The microphone is on no sender before Call (Firefox would send it despite `active: false`).
    expect(senderKinds(pair.impolite)).toEqual([null, 'video']);
    expect(senderKinds(pair.polite)).toEqual([null, 'video']);

    // Nothing active anywhere before Call; the 640 px video starts scaled down to 320 px.
    // (Impolite: set with the transceivers, so this is wrtc's own state; polite: set by
    // PeerSession before the track was attached.)
    expect(encodingsByKind(pair.impolite)).toEqual(pausedEncodings);
    expect(encodingsByKind(pair.polite)).toEqual(pausedEncodings);
    const politeCalls = calls.filter((c) => pair.polite.pc.getSenders().includes(c.sender));
    expect(politeCalls).toHaveLength(2);

    await Promise.all([pair.impolite.startSending(), pair.polite.startSending()]);
    for (const session of [pair.impolite, pair.polite]) {
      expect(senderKinds(session)).toEqual(['audio', 'video']);
      expect(encodingsByKind(session)).toEqual({
        audio: [expect.objectContaining({ active: true })],
        video: [expect.objectContaining({ active: true, scaleResolutionDownBy: 2 })],
      });
    }

    // Starting again changes nothing; stopping pauses every sender again.
    const before = calls.length;
    await pair.impolite.startSending();
    expect(calls).toHaveLength(before);
    await pair.impolite.stopSending();
    expect(encodingsByKind(pair.impolite)).toEqual(pausedEncodings);
    expect(senderKinds(pair.impolite)).toEqual([null, 'video']);
  });

  it('Call pressed while the polite side is still attaching its tracks starts every sender', async () => {
    // Hold the polite side's first encoding change (pausing its audio before attaching it), press
    // Call in that moment, then let it go: both senders must end up sending.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let attaching!: () => void;
    const attachStarted = new Promise<void>((resolve) => (attaching = resolve));
    let held = false;
    const pair: Pair = new Pair(
      { impolite: localMedia(), polite: localMedia() },
      recordingPeerConnection([], (sender) => {
        if (held || !pair.polite.pc.getSenders().includes(sender)) return;
        held = true;
        attaching();
        return gate;
      }),
    );
    await attachStarted;
    const starting = pair.polite.startSending();
    release();
    await starting;
    await pair.until('the polite side attached its tracks', () =>
      senderKinds(pair.polite).every((k) => k !== null),
    );
    expect(pair.failures).toEqual([]);
    expect(encodingsByKind(pair.polite)).toEqual({
      audio: [expect.objectContaining({ active: true })],
      video: [expect.objectContaining({ active: true, scaleResolutionDownBy: 2 })],
    });
  });

  it('fullQuality() lifts the start-up scale on the video sender only', async () => {
    const calls: SetParametersCall[] = [];
    const pair = new Pair({ impolite: localMedia() }, recordingPeerConnection(calls));
    await pair.connected();
    await pair.impolite.fullQuality();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.sender.track?.kind).toBe('video');
    expect(encodingsByKind(pair.impolite).video).toEqual([
      expect.objectContaining({ active: false, scaleResolutionDownBy: 1 }),
    ]);
  });

  it('sizes the video for the box the peer shows it in, once past the start-up cap', async () => {
    const calls: SetParametersCall[] = [];
    const pair = new Pair({ impolite: localMedia() }, recordingPeerConnection(calls));
    await pair.connected();
    // Told before media flows: remembered, the start-up cap stays.
    await pair.impolite.peerShowsVideoAt({ width: 320, height: 240 });
    expect(calls).toEqual([]);
    await pair.impolite.fullQuality();
    // wrtc's camera is 640×480; shown 320 px wide: half the size.
    expect(encodingsByKind(pair.impolite).video).toEqual([
      expect.objectContaining({ scaleResolutionDownBy: 2 }),
    ]);
    await pair.impolite.peerShowsVideoAt({ width: 1280, height: 960 });
    expect(encodingsByKind(pair.impolite).video?.[0]?.scaleResolutionDownBy).toBe(1);
    // A hidden tab shows nothing: the smallest size sent, 320 px wide.
    await pair.impolite.peerShowsVideoAt({ width: 0, height: 0 });
    expect(encodingsByKind(pair.impolite).video?.[0]?.scaleResolutionDownBy).toBe(2);
    expect(calls.every((call) => call.sender.track?.kind === 'video')).toBe(true);
  });

  it('capSentWidth() sends the camera no wider than the cap, and lifting it restores the view size', async () => {
    const pair = new Pair({ impolite: localMedia() }, recordingPeerConnection([]));
    await pair.connected();
    await pair.impolite.capSentWidth('loss', 320);
    await pair.impolite.peerShowsVideoAt({ width: 1280, height: 960 });
    // Before fullQuality() the start-up cap rules; the line's cap applies from then on.
    await pair.impolite.fullQuality();
    expect(encodingsByKind(pair.impolite).video?.[0]?.scaleResolutionDownBy).toBe(2);
    await pair.impolite.capSentWidth('loss', Infinity);
    expect(encodingsByKind(pair.impolite).video?.[0]?.scaleResolutionDownBy).toBe(1);
    await pair.impolite.capSentWidth('loss', 320);
    expect(encodingsByKind(pair.impolite).video?.[0]?.scaleResolutionDownBy).toBe(2);
  });

  it('capSentWidth(): of a loss cap and a bitrate cap the narrower holds, each lifted on its own', async () => {
    const pair = new Pair({ impolite: localMedia() }, recordingPeerConnection([]));
    await pair.connected();
    await pair.impolite.peerShowsVideoAt({ width: 1280, height: 960 });
    await pair.impolite.fullQuality();
    const scale = () => encodingsByKind(pair.impolite).video?.[0]?.scaleResolutionDownBy;
    // wrtc's camera is 640×480.
    await pair.impolite.capSentWidth('bitrate', 430);
    expect(scale()).toBe(1.5);
    await pair.impolite.capSentWidth('loss', 320);
    expect(scale()).toBe(2);
    await pair.impolite.capSentWidth('bitrate', Infinity);
    expect(scale()).toBe(2);
    await pair.impolite.capSentWidth('loss', Infinity);
    expect(scale()).toBe(1);
  });

  it('sendKeyFrame() pauses and resumes the video encoding while sending, else does nothing', async () => {
    const calls: SetParametersCall[] = [];
    const pair = new Pair({ impolite: localMedia() }, recordingPeerConnection(calls));
    await pair.connected();
    await pair.impolite.sendKeyFrame();
    expect(calls).toEqual([]);
    await pair.impolite.startSending();
    const before = calls.length;
    await pair.impolite.sendKeyFrame();
    const toggles = calls.slice(before);
    expect(toggles.map((c) => c.sender.track?.kind)).toEqual(['video', 'video']);
    expect(toggles.map((c) => c.encodings[0]?.active)).toEqual([false, true]);
    expect(encodingsByKind(pair.impolite).video).toEqual([
      expect.objectContaining({ active: true, scaleResolutionDownBy: 2 }),
    ]);
  });

  // wrtc's remote tracks start unmuted, so this fires when the track arrives; in a browser it
  // waits for the first packets (the 'unmute' path), which wrtc cannot show.
  it('remoteFlowing fires once per kind the peer sends; isFlowing() agrees', async () => {
    const pair = new Pair({ impolite: localMedia() }, recordingPeerConnection([]));
    const flowing: MediaKind[] = [];
    pair.polite.on('remoteFlowing', (kind) => flowing.push(kind));
    await pair.connected();
    await pair.impolite.startSending();
    await pair.until('video flowing on the polite side', () => pair.polite.isFlowing('video'));
    expect(flowing.sort()).toEqual(['audio', 'video']);
    expect(pair.polite.isFlowing('audio')).toBe(true);
    expect(pair.polite.remoteStream.getVideoTracks()).toHaveLength(1);
  });

  it('both sides get the negotiated data channel from the one offer, and it carries messages', async () => {
    const pair = new Pair();
    expect(pair.impolite.channel).not.toBeNull();
    // The polite side makes its end only once the offer is in: earlier, it would offer itself.
    expect(pair.polite.channel).toBeNull();
    const politeChannel = nextEvent<RTCDataChannel>(
      (l) => pair.polite.on('channel', l),
      'polite channel',
    );
    await pair.connected();
    const channel = await politeChannel;
    expect(pair.delivered.filter((d) => d.signal.type === 'offer')).toHaveLength(1);
    expect(channel.id).toBe(0);
    await pair.until(
      'both ends open',
      () => channel.readyState === 'open' && pair.impolite.channel?.readyState === 'open',
    );
    const received = new Promise<string>(
      (resolve) => (channel.onmessage = ({ data }) => resolve(String(data))),
    );
    pair.impolite.channel?.send('hello');
    await expect(received).resolves.toBe('hello');
  });

  it('replaceTrack() swaps the track a sender sends without renegotiating', async () => {
    const pair = new Pair({ impolite: localMedia(), polite: localMedia() });
    await pair.connected();
    const offers = pair.delivered.filter((d) => d.signal.type === 'offer').length;
    const other = keep(keep(new wrtc.nonstandard.RTCVideoSource()).createTrack());
    cleanups.push(() => other.stop());
    await pair.impolite.replaceTrack('video', other);
    const video = pair.impolite.pc.getSenders().find((s) => s.track?.kind === 'video');
    expect(video?.track).toBe(other);
    expect(pair.delivered.filter((d) => d.signal.type === 'offer')).toHaveLength(offers);
  });

  it('a remote offer arriving while the polite side is still creating its own is answered', async () => {
    const pair = new Pair();
    await pair.connected();
    // Hold the polite side inside createOffer() (signalingState still 'stable', nothing to roll
    // back) until the impolite offer has been answered.
    const pc = pair.polite.pc;
    const createOffer = pc.createOffer.bind(pc);
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const spy = vi.spyOn(pc, 'createOffer').mockImplementation((async () => {
      await gate;
      return createOffer();
    }) as typeof pc.createOffer);
    const answersToImpolite = () =>
      pair.delivered.filter((d) => d.to === pair.impolite && d.signal.type === 'answer').length;
    const answersBefore = answersToImpolite();
    pair.polite.restartIce();
    await pair.until('the polite side is making an offer', () => spy.mock.calls.length > 0);
    pair.impolite.restartIce();
    await pair.until('the polite side answered', () => answersToImpolite() > answersBefore);
    openGate();
    await pair.until('both back to stable', () =>
      [pair.impolite, pair.polite].every((s) => s.pc.signalingState === 'stable'),
    );
    await pair.connected();
    expect(pair.failures).toEqual([]);
  });

  it('close() closes the connection and later signals are ignored without throwing', async () => {
    const pair = new Pair();
    await pair.connected();
    const offer = pair.delivered.find((d) => d.signal.type === 'offer')!.signal;
    const candidate = pair.delivered.find((d) => d.signal.type === 'candidate')!.signal;
    const events: string[] = [];
    pair.polite.on('iceState', (state) => events.push(state));
    pair.polite.on('failure', (error) => events.push(error.message));
    const sent: SignalData[] = [];
    pair.route = (wired) => {
      if (wired.to === pair.impolite) sent.push(wired.signal);
      return 'drop';
    };
    const applied = [
      vi.spyOn(pair.polite.pc, 'setRemoteDescription'),
      vi.spyOn(pair.polite.pc, 'addIceCandidate'),
    ];

    pair.polite.close();
    expect(pair.polite.pc.signalingState).toBe('closed');
    expect(pair.polite.iceConnected).toBe(false);
    await expect(pair.polite.handleSignal(offer)).resolves.toBeUndefined();
    await expect(pair.polite.handleSignal(candidate)).resolves.toBeUndefined();
    await expect(
      pair.polite.handleSignal({ type: 'answer', value: offer.value }),
    ).resolves.toBeUndefined();
    expect(() => pair.polite.restartIce()).not.toThrow();
    expect(() => pair.polite.close()).not.toThrow();
    for (const spy of applied) expect(spy).not.toHaveBeenCalled();
    expect(events).toEqual([]);
    expect(sent).toEqual([]);
  });
});
