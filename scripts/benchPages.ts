// The pages the benchmarks drive: the instrumentation every page gets, duet's join through its
// UI (in either engine, through duetPage.ts), and the tutorial's bare client (the baseline of
// bench:call and bench:client).
import type { Page } from '@playwright/test';
import type { DuetPage } from '../e2e/support/duetPage';

const SOCKET_IO_CLIENT = 'node_modules/socket.io-client/dist/socket.io.min.js';

// Runs in every page before its own scripts: records peer connections, the click, first frames.
export function instrument() {
  const now = () => performance.timeOrigin + performance.now();
  type Rec = { pc: RTCPeerConnection; created: number; iceConnected?: number; iceDrops: number };
  const bench = {
    now,
    pcs: [] as Rec[],
    clickAt: undefined as number | undefined,
    /** When a video sender's encoding was first switched on (duet's Call; setParameters). */
    videoActiveAt: undefined as number | undefined,
    /** When the first remote video track unmuted (its first packets arrived). */
    remoteVideoUnmutedAt: undefined as number | undefined,
    /**
     * The first real remote frame as the engine describes it (rVFC metadata): when its last packet
     * arrived, when it was presented, and how long decoding it took.
     */
    firstFrameTimes: undefined as FirstFrameTimes | undefined,
    /** Resolves with the time of the first presented remote frame that is not black. */
    firstFrame(video: HTMLVideoElement): Promise<number> {
      const canvas = document.createElement('canvas');
      canvas.width = 32;
      canvas.height = 24;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      return new Promise((resolve) => {
        const onFrame = (at: number, frame: VideoFrameCallbackMetadata) => {
          ctx.drawImage(video, 0, 0, 32, 24);
          const { data } = ctx.getImageData(0, 0, 32, 24);
          let sum = 0;
          for (let i = 0; i < data.length; i += 4) sum += data[i]! + data[i + 1]! + data[i + 2]!;
          if (sum / (data.length / 4) / 3 > 10) {
            const { receiveTime, presentationTime, processingDuration } = frame;
            bench.firstFrameTimes = {
              receivedAt: receiveTime === undefined ? NaN : performance.timeOrigin + receiveTime,
              presentedAt: performance.timeOrigin + presentationTime,
              decodeMs: processingDuration === undefined ? NaN : processingDuration * 1000,
            };
            resolve(performance.timeOrigin + at);
          } else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      });
    },
    async bytesSent(): Promise<number> {
      let total = 0;
      for (const { pc } of bench.pcs) {
        if (pc.signalingState === 'closed') continue;
        (await pc.getStats()).forEach((r: { type: string; bytesSent?: number }) => {
          if (r.type === 'outbound-rtp') total += r.bytesSent ?? 0;
        });
      }
      return total;
    },
  };
  const setParameters = RTCRtpSender.prototype.setParameters;
  RTCRtpSender.prototype.setParameters = function (
    this: RTCRtpSender,
    params: RTCRtpSendParameters,
    ...rest: unknown[]
  ) {
    const on = params.encodings?.some((encoding) => encoding.active !== false);
    if (this.track?.kind === 'video' && on) bench.videoActiveAt ??= now();
    return (setParameters as (...args: unknown[]) => Promise<void>).call(this, params, ...rest);
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      const rec: Rec = { pc: this, created: now(), iceDrops: 0 };
      bench.pcs.push(rec);
      let up = false;
      this.addEventListener('track', (event) => {
        const { track } = event as RTCTrackEvent;
        if (track.kind !== 'video') return;
        const unmuted = () => (bench.remoteVideoUnmutedAt ??= now());
        if (track.muted) track.addEventListener('unmute', unmuted, { once: true });
        else unmuted();
      });
      this.addEventListener('iceconnectionstatechange', () => {
        const s = this.iceConnectionState;
        const wasUp = up;
        up = s === 'connected' || s === 'completed';
        if (up && rec.iceConnected === undefined) rec.iceConnected = now();
        if (wasUp && !up) rec.iceDrops++;
      });
    }
  } as typeof RTCPeerConnection;
  document.addEventListener(
    'click',
    (e) => {
      if ((e.target as Element).closest?.('[data-testid="call-button"]')) bench.clickAt = now();
    },
    true,
  );
  (window as unknown as { __bench: typeof bench }).__bench = bench;
}

/** rVFC metadata of the first real remote frame, as epoch ms (NaN where the engine gives none). */
export interface FirstFrameTimes {
  receivedAt: number;
  presentedAt: number;
  decodeMs: number;
}

export type BenchWindow = Window & {
  __bench: {
    now(): number;
    /** Every connection the page made; iceDrops: times ICE left connected/completed. */
    pcs: Array<{ pc: RTCPeerConnection; created: number; iceConnected?: number; iceDrops: number }>;
    clickAt?: number;
    videoActiveAt?: number;
    remoteVideoUnmutedAt?: number;
    firstFrameTimes?: FirstFrameTimes;
    firstFrame(v: HTMLVideoElement): Promise<number>;
    bytesSent(): Promise<number>;
  };
  __frame?: Promise<number>;
  /** When the page's call state turned `connected` (duet's page only). */
  __connected?: Promise<number>;
  __tutorialCall?: () => Promise<void>;
};

/** Resolves once the page's call state is `state`. */
export const stateReached = (page: DuetPage, state: string) =>
  page.evaluate(
    (wanted) =>
      new Promise<void>((resolve) => {
        const check = () =>
          document.querySelector(`[data-testid="call-state"][data-state="${wanted}"]`)
            ? resolve()
            : setTimeout(check, 10);
        check();
      }),
    state,
  );

/** Times join → joined through the UI: click Join until the state leaves `disconnect`. */
export async function joinDuet(page: DuetPage, roomId: string, expected: string): Promise<number> {
  await stateReached(page, 'disconnect');
  await page.fill('room-input', roomId);
  // Armed before the click, so the change cannot slip past it.
  await page.evaluate(() => {
    const w = window as unknown as { __joinTime?: Promise<number> };
    w.__joinTime = new Promise<number>((resolve) => {
      const el = document.querySelector('[data-testid="call-state"]')!;
      const button = document.querySelector('[data-testid="join-button"]')!;
      let start = 0;
      button.addEventListener('click', () => (start = performance.now()), {
        capture: true,
        once: true,
      });
      new MutationObserver(() => {
        if (el.getAttribute('data-state') !== 'disconnect') resolve(performance.now() - start);
      }).observe(el, { attributes: true });
    });
  }, undefined);
  await page.click('join-button');
  const ms = await page.evaluate(
    () => (window as unknown as { __joinTime: Promise<number> }).__joinTime,
    undefined,
  );
  await stateReached(page, expected);
  return ms;
}

/**
 * Which ICE servers the tutorial's client uses: none (host candidates only), the STUN/TURN servers
 * duet's server hands out in `joined` ('all'), or those relay-only.
 */
export type TutorialIce = 'none' | 'all' | 'relay';

/**
 * The tutorial's client, in the page: join, and on Call create the connection, add the tracks,
 * offer; the callee answers. Candidates trickle. Same server, same protocol, nothing prepared.
 * `video`: the camera constraints (the tutorial asks for `true`, the browser's default size).
 * Resolves with the join → joined time.
 */
export async function startTutorialClient(
  page: Page,
  roomId: string,
  ice: TutorialIce,
  video: boolean | MediaTrackConstraints = true,
): Promise<number> {
  await page.addScriptTag({ path: SOCKET_IO_CLIENT });
  return page.evaluate(
    async ({ roomId, ice, video }) => {
      type TutorialSocket = {
        emit(event: string, payload: object): void;
        on(event: 'message', listener: (data: { type: string; value: never }) => void): void;
        once(event: string, listener: (payload: never) => void): void;
      };
      const w = window as unknown as BenchWindow & { io: (opts: object) => TutorialSocket };
      const socket = w.io({ transports: ['websocket'] });
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
      const local = document.createElement('video');
      local.autoplay = local.muted = local.playsInline = true;
      local.srcObject = stream;
      document.body.append(local);
      const remote = document.createElement('video');
      remote.autoplay = true;
      remote.playsInline = true;
      remote.dataset.remote = '1';
      document.body.append(remote);
      // The same STUN/TURN servers and credential duet gets, from `joined`.
      let serverIce: RTCIceServer[] = [];
      const config = (): RTCConfiguration => ({
        iceServers: ice === 'none' ? [] : serverIce,
        iceTransportPolicy: ice === 'relay' ? 'relay' : 'all',
      });
      let pc: RTCPeerConnection | null = null;
      const send = (data: object) => socket.emit('message', { roomId, data });
      const newPc = () => {
        pc = new RTCPeerConnection(config());
        pc.onicecandidate = (e) =>
          e.candidate && send({ type: 'candidate', value: e.candidate.toJSON() });
        pc.ontrack = (e) => (remote.srcObject = e.streams[0] ?? null);
        for (const track of stream.getTracks()) pc.addTrack(track, stream);
        return pc;
      };
      socket.on('message', async (data) => {
        if (data.type === 'offer') {
          const p = newPc();
          await p.setRemoteDescription(data.value);
          const answer = await p.createAnswer();
          await p.setLocalDescription(answer);
          send({ type: 'answer', value: answer });
        } else if (data.type === 'answer') await pc!.setRemoteDescription(data.value);
        else if (data.type === 'candidate') await pc!.addIceCandidate(data.value);
      });
      w.__tutorialCall = async () => {
        w.__bench.clickAt = w.__bench.now();
        const p = newPc();
        const offer = await p.createOffer();
        await p.setLocalDescription(offer);
        send({ type: 'offer', value: offer });
      };
      const start = performance.now();
      await new Promise<void>((resolve) => {
        socket.once('joined', (joined: { iceServers?: RTCIceServer[] }) => {
          serverIce = joined.iceServers ?? [];
          resolve();
        });
        socket.emit('join', { roomId });
      });
      return performance.now() - start;
    },
    { roomId, ice, video },
  );
}
