// Call statistics from RTCPeerConnection.getStats(): one raw sample per second, the numbers a
// person understands (bitrate, fps, loss) derived from two samples, and a quality rating.
// Pure functions only; StatsSampler does the polling.
import { pathOf, selectedPair } from './connectionPath';
import type { ConnectionPath } from './PeerSession';

/** One entry of an RTCStatsReport, loosely typed: browsers differ in which fields they fill. */
export type StatsEntry = { id: string; type: string } & Record<string, unknown>;

interface VideoSide {
  frames: number;
  width: number | null;
  height: number | null;
  codec: string | null;
}

/** The counters of one getStats() call that the derived numbers need. */
export interface StatsSample {
  /** ms */
  at: number;
  bytesSent: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  rttMs: number | null;
  path: ConnectionPath | null;
  sentVideo: VideoSide | null;
  receivedVideo: VideoSide | null;
  audioCodec: string | null;
  /**
   * Video packets sent, and of them lost on the way as the other side last reported (null before
   * it reports): a line's loss seen from the sending end.
   */
  sentVideoPackets: number;
  sentVideoLost: number | null;
  /** The sender's bandwidth estimate of the line, kbit/s (Chromium; null where not reported). */
  availableOutgoingKbps: number | null;
}

export type Quality = 'good' | 'fair' | 'poor';

export interface CallStats {
  rttMs: number | null;
  sendKbps: number;
  receiveKbps: number;
  sendFps: number | null;
  receiveFps: number | null;
  sendResolution: string | null;
  receiveResolution: string | null;
  /** Share of the inbound packets lost since the previous sample, in percent. */
  lossPercent: number | null;
  /** Share of our video packets lost on the way since the previous sample (as reported), percent. */
  sentVideoLossPercent: number | null;
  /** What the sender estimates the line can carry, kbit/s (Chromium only; else null). */
  availableOutgoingKbps: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  path: ConnectionPath | null;
  quality: Quality | null;
}

const num = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;
const optNum = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function codecName(byId: Map<string, StatsEntry>, codecId: unknown): string | null {
  const codec = typeof codecId === 'string' ? byId.get(codecId) : undefined;
  const mime = typeof codec?.mimeType === 'string' ? codec.mimeType : null;
  return mime ? (mime.split('/')[1] ?? mime) : null;
}

export function readSample(report: Iterable<StatsEntry>, at: number): StatsSample {
  const entries = [...report];
  const byId = new Map(entries.map((e) => [e.id, e]));
  const sample: StatsSample = {
    at,
    bytesSent: 0,
    bytesReceived: 0,
    packetsReceived: 0,
    packetsLost: 0,
    rttMs: null,
    path: null,
    sentVideo: null,
    receivedVideo: null,
    audioCodec: null,
    sentVideoPackets: 0,
    sentVideoLost: null,
    availableOutgoingKbps: null,
  };
  for (const e of entries) {
    if (e.type === 'outbound-rtp') {
      sample.bytesSent += num(e.bytesSent);
      if (e.kind === 'video') {
        sample.sentVideo = videoSide(e, num(e.framesEncoded), byId);
        sample.sentVideoPackets = num(e.packetsSent);
      }
    } else if (e.type === 'inbound-rtp') {
      sample.bytesReceived += num(e.bytesReceived);
      sample.packetsReceived += num(e.packetsReceived);
      sample.packetsLost += Math.max(0, num(e.packetsLost));
      if (e.kind === 'video') sample.receivedVideo = videoSide(e, num(e.framesDecoded), byId);
      else if (e.kind === 'audio')
        sample.audioCodec = codecName(byId, e.codecId) ?? sample.audioCodec;
    } else if (e.type === 'remote-inbound-rtp' && e.kind === 'video') {
      sample.sentVideoLost = optNum(e.packetsLost);
    }
  }
  const pair = selectedPair(entries, byId);
  const rtt = optNum(pair?.currentRoundTripTime);
  sample.rttMs = rtt === null ? null : Math.round(rtt * 1000);
  sample.path = pathOf(pair, byId);
  const available = optNum(pair?.availableOutgoingBitrate);
  sample.availableOutgoingKbps = available === null ? null : Math.round(available / 1000);
  return sample;
}

function videoSide(e: StatsEntry, frames: number, byId: Map<string, StatsEntry>): VideoSide {
  return {
    frames,
    width: optNum(e.frameWidth),
    height: optNum(e.frameHeight),
    codec: codecName(byId, e.codecId),
  };
}

const resolution = (side: VideoSide | null): string | null =>
  side?.width && side.height ? `${side.width}×${side.height}` : null;

/** Per-second numbers between two samples; counters that went backwards (a new connection) count as 0. */
export function deriveStats(previous: StatsSample | null, current: StatsSample): CallStats {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const rate = (now: number, before: number | undefined) =>
    seconds > 0 && before !== undefined ? Math.max(0, now - before) / seconds : 0;
  const fps = (now: VideoSide | null, before: VideoSide | null | undefined) =>
    now && before && seconds > 0 ? Math.round(rate(now.frames, before.frames)) : null;
  const lost = previous ? Math.max(0, current.packetsLost - previous.packetsLost) : 0;
  const received = previous ? Math.max(0, current.packetsReceived - previous.packetsReceived) : 0;
  const lossPercent = lost + received > 0 ? (100 * lost) / (lost + received) : null;
  // The other side's count of our lost packets against what we sent meanwhile (retransmissions
  // included): steadier than its reports' own fraction, which comes and goes with each report.
  const sent = previous ? current.sentVideoPackets - previous.sentVideoPackets : 0;
  const sentLost =
    current.sentVideoLost === null || previous?.sentVideoLost == null
      ? null
      : Math.max(0, current.sentVideoLost - previous.sentVideoLost);
  return {
    rttMs: current.rttMs,
    sendKbps: Math.round((rate(current.bytesSent, previous?.bytesSent) * 8) / 1000),
    receiveKbps: Math.round((rate(current.bytesReceived, previous?.bytesReceived) * 8) / 1000),
    sendFps: fps(current.sentVideo, previous?.sentVideo),
    receiveFps: fps(current.receivedVideo, previous?.receivedVideo),
    sendResolution: resolution(current.sentVideo),
    receiveResolution: resolution(current.receivedVideo),
    lossPercent: lossPercent === null ? null : Math.round(lossPercent * 10) / 10,
    sentVideoLossPercent:
      sentLost === null || sent <= 0
        ? null
        : Math.round((1000 * Math.min(sentLost, sent)) / sent) / 10,
    availableOutgoingKbps: current.availableOutgoingKbps,
    videoCodec: current.receivedVideo?.codec ?? current.sentVideo?.codec ?? null,
    audioCodec: current.audioCodec,
    path: current.path,
    quality: rateQuality(lossPercent, current.rttMs),
  };
}

/**
 * Good below 2 % loss and 250 ms round trip (a call feels live), poor from 8 % loss or 500 ms
 * (video freezes, people talk over each other), fair in between. Unknown with neither number.
 */
export function rateQuality(lossPercent: number | null, rttMs: number | null): Quality | null {
  if (lossPercent === null && rttMs === null) return null;
  const loss = lossPercent ?? 0;
  const rtt = rttMs ?? 0;
  if (loss >= 8 || rtt >= 500) return 'poor';
  if (loss >= 2 || rtt >= 250) return 'fair';
  return 'good';
}
