// Test-only instrumentation to read real media numbers: every RTCPeerConnection the page makes is
// kept (an init script wraps the constructor), so tests can call getStats() on the live one.
import type { Page } from '@playwright/test';
import { readSample } from '../../src/client/rtc/stats';

/** Runs in the page before the app (openPage's `init`). Must be self-contained. */
export function capturePeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const made: RTCPeerConnection[] = [];
  (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = made;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      made.push(this);
    }
  };
}

export interface MediaCounters {
  framesDecoded: number;
  /** The track our video sender sends (outbound-rtp → media-source), if any. */
  sentVideoTrackId: string | null;
  sentAudioTrackId: string | null;
  videoBytesSent: number;
  audioPacketsSent: number;
  /** Received audio samples, and those of them the receiver had to make up (lost or late). */
  audioSamplesReceived: number;
  audioSamplesConcealed: number;
}

/** Counters of the page's live (not closed) peer connection. */
export async function mediaCounters(page: Page): Promise<MediaCounters> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
    const counters = {
      framesDecoded: 0,
      sentVideoTrackId: null as string | null,
      sentAudioTrackId: null as string | null,
      videoBytesSent: 0,
      audioPacketsSent: 0,
      audioSamplesReceived: 0,
      audioSamplesConcealed: 0,
    };
    if (!pc) return counters;
    const stats = await pc.getStats();
    stats.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        counters.framesDecoded = Number(s.framesDecoded ?? 0);
      } else if (s.type === 'inbound-rtp') {
        counters.audioSamplesReceived = Number(s.totalSamplesReceived ?? 0);
        counters.audioSamplesConcealed = Number(s.concealedSamples ?? 0);
      } else if (s.type === 'outbound-rtp') {
        const source = stats.get(String(s.mediaSourceId)) as
          { trackIdentifier?: string } | undefined;
        const id = source?.trackIdentifier ?? null;
        if (s.kind === 'video') {
          counters.sentVideoTrackId = id;
          counters.videoBytesSent = Number(s.bytesSent ?? 0);
        } else {
          counters.sentAudioTrackId = id;
          counters.audioPacketsSent = Number(s.packetsSent ?? 0);
        }
      }
    });
    return counters;
  });
}

/** How fast a counter of the page's live connection grows, per second over the next `seconds`. */
async function counterRate(page: Page, seconds: number, counter: (c: MediaCounters) => number) {
  const before = counter(await mediaCounters(page));
  await page.waitForTimeout(seconds * 1000);
  return (counter(await mediaCounters(page)) - before) / seconds;
}

/** The video bitrate the page's live connection sends, in kbit/s over the next `seconds`. */
export const sentVideoKbit = async (page: Page, seconds: number) =>
  ((await counterRate(page, seconds, (c) => c.videoBytesSent)) * 8) / 1000;

/** Audio packets per second the page's live connection sends, over the next `seconds`. */
export const sentAudioPacketRate = (page: Page, seconds: number) =>
  counterRate(page, seconds, (c) => c.audioPacketsSent);

/** The share of the audio received over the next `seconds` that the receiver had to conceal. */
export async function receivedAudioConcealment(page: Page, seconds: number): Promise<number> {
  const before = await mediaCounters(page);
  await page.waitForTimeout(seconds * 1000);
  const after = await mediaCounters(page);
  const received = after.audioSamplesReceived - before.audioSamplesReceived;
  if (received <= 0) throw new Error('no audio received');
  return (after.audioSamplesConcealed - before.audioSamplesConcealed) / received;
}

/**
 * Audio energy the page received over the next `seconds` of received audio: waits (polling
 * getStats) until that much audio was played out, whatever the wall time.
 */
export async function receivedAudioEnergy(page: Page, seconds: number): Promise<number> {
  return page.evaluate(async (wanted) => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
    if (!pc) throw new Error('no live peer connection');
    const read = async () => {
      let audio = { energy: 0, samples: 0 };
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          audio = {
            energy: Number(s.totalAudioEnergy ?? 0),
            samples: Number(s.totalSamplesReceived ?? 0),
          };
        }
      });
      return audio;
    };
    const start = await read();
    for (;;) {
      const now = await read();
      if (now.samples - start.samples >= wanted * 48_000) return now.energy - start.energy;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, seconds);
}

/** The codec of the audio the page's live connection receives: MIME type and negotiated fmtp line. */
export async function receivedAudioCodec(
  page: Page,
): Promise<{ mimeType: string; sdpFmtpLine: string } | null> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
    if (!pc) return null;
    const report = await pc.getStats();
    let codecId: unknown;
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') codecId = s.codecId;
    });
    const codec = typeof codecId === 'string' ? report.get(codecId) : undefined;
    if (!codec) return null;
    return { mimeType: String(codec.mimeType), sdpFmtpLine: String(codec.sdpFmtpLine ?? '') };
  });
}

/**
 * The audio format the page's live connection sends with: the first of its audio sender's
 * negotiated codecs (getStats names the Opus inside RED, not RED).
 */
export async function sentAudioFormat(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
    const sender = pc?.getSenders().find((s) => s.track?.kind === 'audio');
    return sender?.getParameters().codecs[0]?.mimeType.toLowerCase() ?? null;
  });
}

/** The page's own local track of a kind: id, label, device, enabled. */
export async function localTrack(page: Page, kind: 'audio' | 'video') {
  return page.getByTestId('local-video').evaluate((v: HTMLVideoElement, k) => {
    const track = (v.srcObject as MediaStream | null)?.getTracks().find((t) => t.kind === k);
    return track
      ? {
          id: track.id,
          label: track.label,
          deviceId: track.getSettings().deviceId ?? '',
          enabled: track.enabled,
          state: track.readyState,
        }
      : null;
  }, kind);
}

export interface SelectedPath {
  local: string;
  remote: string;
  /** Transport between the browser and the TURN server for a local relay candidate (udp, tcp, tls). */
  relayProtocol: string | null;
  /** Transport of the selected pair itself (udp, tcp). */
  protocol: string;
}

/** The selected candidate pair of the page's live connection, from getStats(); null before one is. */
export async function selectedPath(page: Page): Promise<SelectedPath | null> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
    if (!pc) return null;
    const stats = await pc.getStats();
    let pairId: string | undefined;
    stats.forEach((s: { type: string; selectedCandidatePairId?: string }) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    const pair = pairId ? stats.get(pairId) : undefined;
    if (!pair) return null;
    const local = stats.get(pair.localCandidateId);
    const remote = stats.get(pair.remoteCandidateId);
    return {
      local: String(local?.candidateType),
      remote: String(remote?.candidateType),
      relayProtocol: local?.relayProtocol ?? null,
      protocol: String(local?.protocol),
    };
  });
}

/**
 * Runs in the page before the app (openPage's `init`); self-contained. Records when each frame of
 * the remote video was presented (requestVideoFrameCallback), for stall and recovery times.
 */
export function recordRemoteFrames(): void {
  const times: number[] = [];
  (window as unknown as { __remoteFrames: number[] }).__remoteFrames = times;
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = () => {
    const video = document.querySelector<HTMLVideoElement>(
      '[data-testid="remote-video"], video[data-remote]',
    );
    if (!video || watched.has(video)) return;
    watched.add(video);
    const onFrame = () => {
      times.push(performance.timeOrigin + performance.now());
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
}

/** A pause between two presented frames longer than this is a stall. */
export const STALL_MS = 500;

/**
 * From the frame times, how long after `since` (epoch ms) the video came back: the end of the last
 * stall that followed `since`, once a second of steady frames has followed it; 0 when it never
 * stalled; null while that cannot be told yet.
 */
export function recoveryAfter(frames: number[], since: number, now: number): number | null {
  let previous = frames.filter((t) => t <= since).at(-1) ?? since;
  let stallEnd: number | null = null;
  for (const t of frames.filter((f) => f > since)) {
    if (t - previous > STALL_MS) stallEnd = t;
    previous = t;
  }
  const steadySince = stallEnd ?? since;
  if (now - previous > STALL_MS || previous - steadySince < 1000) return null;
  return stallEnd === null ? 0 : stallEnd - since;
}

/** Waits until the page's remote video has recovered from a fault at `since`; returns the ms it took. */
export async function remoteVideoRecovery(
  page: Page,
  since: number,
  timeoutMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frames = await page.evaluate(
      () => (window as unknown as { __remoteFrames: number[] }).__remoteFrames,
    );
    const recovery = recoveryAfter(frames, since, Date.now());
    if (recovery !== null) return Math.round(recovery);
    if (Date.now() > deadline)
      throw new Error(`remote video not back ${timeoutMs} ms after the fault`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface SentVideo {
  /** The video sender's scaleResolutionDownBy (1 when unset). */
  scale: number;
  capture: { width: number; height: number } | null;
  /** Width of the frames last encoded (outbound-rtp), null before any. */
  frameWidth: number | null;
  /** The sender's estimate of the line (selected pair's availableOutgoingBitrate), kbit/s; Chromium. */
  availableOutgoingKbps: number | null;
}

/** The video the page's live connection sends: how it is scaled and what goes on the wire. */
export async function sentVideo(page: Page): Promise<SentVideo | null> {
  const seen = await page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
    const sender = pc?.getSenders().find((s) => s.track?.kind === 'video');
    if (!pc || !sender?.track) return null;
    const { width, height } = sender.track.getSettings();
    let frameWidth: number | null = null;
    // The transport and its candidate pairs, for the estimate of the pair in use (read below).
    const line: Array<{ id: string; type: string } & Record<string, unknown>> = [];
    (await pc.getStats()).forEach((s: { id: string; type: string } & Record<string, unknown>) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video' && typeof s.frameWidth === 'number') {
        frameWidth = s.frameWidth;
      }
      if (s.type === 'transport' || s.type === 'candidate-pair') line.push(s);
    });
    return {
      scale: sender.getParameters().encodings[0]?.scaleResolutionDownBy ?? 1,
      capture: width && height ? { width, height } : null,
      frameWidth,
      line,
    };
  });
  if (!seen) return null;
  const { line, ...video } = seen;
  // Read as duet's own stats read it, the pair in use chosen the same way.
  return { ...video, availableOutgoingKbps: readSample(line, 0).availableOutgoingKbps };
}

/**
 * What the page's live connection did with video, in a line: for a failure message, so a call
 * that stalls says whether packets stopped, frames were dropped, or keyframes never came.
 */
export async function videoReport(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
    if (!pc) return 'no live connection';
    const pick = (s: Record<string, unknown>, keys: string[]) =>
      Object.fromEntries(keys.filter((k) => k in s).map((k) => [k, s[k]]));
    const report: Record<string, unknown> = { connection: pc.connectionState };
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        report.in = pick(s, [
          'packetsReceived',
          'packetsLost',
          'framesReceived',
          'framesDecoded',
          'keyFramesDecoded',
          'framesDropped',
          'pliCount',
          'firCount',
          'nackCount',
          'freezeCount',
        ]);
      } else if (s.type === 'outbound-rtp' && s.kind === 'video') {
        report.out = pick(s, [
          'packetsSent',
          'framesEncoded',
          'framesSent',
          'keyFramesEncoded',
          'pliCount',
          'nackCount',
          'qualityLimitationReason',
          'targetBitrate',
          'frameWidth',
          'active',
        ]);
      } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        report.pair = pick(s, ['availableOutgoingBitrate', 'currentRoundTripTime', 'bytesSent']);
      }
    });
    const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
    report.encodings = sender?.getParameters().encodings;
    return JSON.stringify(report);
  });
}
