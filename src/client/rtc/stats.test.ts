import { describe, expect, it } from 'vitest';
import { connectionPathOf } from './connectionPath';
import { deriveStats, rateQuality, readSample, type StatsEntry } from './stats';

/** A report shaped like Chromium's getStats() for a call sending and receiving audio + video. */
function report(n: {
  sent: number;
  received: number;
  framesOut: number;
  framesIn: number;
  lost: number;
  packets: number;
  relay?: boolean;
  /** Video packets sent, and of them reported lost by the other side. */
  videoOut?: number;
  videoLost?: number;
}): StatsEntry[] {
  return [
    { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
    {
      id: 'P',
      type: 'candidate-pair',
      localCandidateId: 'L',
      remoteCandidateId: 'R',
      currentRoundTripTime: 0.042,
      availableOutgoingBitrate: 1_834_567,
      state: 'succeeded',
      nominated: true,
    },
    { id: 'L', type: 'local-candidate', candidateType: n.relay ? 'relay' : 'host' },
    { id: 'R', type: 'remote-candidate', candidateType: 'srflx' },
    { id: 'CV', type: 'codec', mimeType: 'video/VP8' },
    { id: 'CA', type: 'codec', mimeType: 'audio/opus' },
    {
      id: 'OV',
      type: 'outbound-rtp',
      kind: 'video',
      bytesSent: n.sent * 0.9,
      framesEncoded: n.framesOut,
      packetsSent: n.videoOut ?? 0,
      frameWidth: 1280,
      frameHeight: 720,
      codecId: 'CV',
    },
    { id: 'OA', type: 'outbound-rtp', kind: 'audio', bytesSent: n.sent * 0.1, codecId: 'CA' },
    { id: 'RV', type: 'remote-inbound-rtp', kind: 'video', packetsLost: n.videoLost ?? 0 },
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: n.received,
      framesDecoded: n.framesIn,
      frameWidth: 640,
      frameHeight: 360,
      packetsLost: n.lost,
      packetsReceived: n.packets,
      codecId: 'CV',
    },
    {
      id: 'IA',
      type: 'inbound-rtp',
      kind: 'audio',
      bytesReceived: 0,
      packetsLost: 0,
      packetsReceived: 0,
      codecId: 'CA',
    },
  ];
}

/** A report of a connection that has carried nothing yet. */
const idle = () => report({ sent: 0, received: 0, framesOut: 0, framesIn: 0, lost: 0, packets: 0 });

describe('readSample + deriveStats', () => {
  const first = readSample(
    report({ sent: 0, received: 0, framesOut: 0, framesIn: 0, lost: 0, packets: 0, videoOut: 100 }),
    10_000,
  );
  const second = readSample(
    report({
      ...{ sent: 250_000, received: 125_000, framesOut: 30, framesIn: 24, lost: 5, packets: 95 },
      ...{ videoOut: 300, videoLost: 24 },
    }),
    11_000,
  );

  it('turns counter deltas over one second into bitrates, fps and loss', () => {
    expect(deriveStats(first, second)).toEqual({
      rttMs: 42,
      sendKbps: 2000,
      receiveKbps: 1000,
      sendFps: 30,
      receiveFps: 24,
      sendResolution: '1280×720',
      receiveResolution: '640×360',
      lossPercent: 5,
      sentVideoLossPercent: 12,
      availableOutgoingKbps: 1835,
      videoCodec: 'VP8',
      audioCodec: 'opus',
      path: 'direct',
      quality: 'fair',
    });
  });

  it('scales by the real interval between samples', () => {
    const later = { ...second, at: 12_000 };
    expect(deriveStats(first, later).sendKbps).toBe(1000);
  });

  it('has no rates from a single sample', () => {
    const stats = deriveStats(null, second);
    expect(stats).toMatchObject({
      sendKbps: 0,
      receiveKbps: 0,
      sendFps: null,
      lossPercent: null,
      rttMs: 42,
    });
  });

  it('has no loss of the video sent until the other side has reported twice', () => {
    const entries = idle();
    const unreported = readSample(
      entries.filter((e) => e.type !== 'remote-inbound-rtp'),
      10_000,
    );
    expect(unreported.sentVideoLost).toBeNull();
    expect(deriveStats(unreported, second).sentVideoLossPercent).toBeNull();
    expect(deriveStats(null, second).sentVideoLossPercent).toBeNull();
  });

  it('reads a relayed pair as relay', () => {
    const relayed = readSample(
      report({ sent: 0, received: 0, framesOut: 0, framesIn: 0, lost: 0, packets: 0, relay: true }),
      0,
    );
    expect(relayed.path).toBe('relay');
  });

  it('never shows negative rates when counters restart (a new connection)', () => {
    const stats = deriveStats(second, { ...first, at: 12_000 });
    expect(stats).toMatchObject({ sendKbps: 0, receiveKbps: 0, receiveFps: 0, lossPercent: null });
  });

  it('finds the nominated pair when the transport names none (Firefox)', () => {
    const entries = idle().filter((e) => e.type !== 'transport');
    expect(readSample(entries, 0)).toMatchObject({ rttMs: 42, path: 'direct' });
  });

  it('reads a report as Firefox 153 gives it', () => {
    // Trimmed from a real firefox-esr 153 call (counters and ids as it reported them).
    const firefox: StatsEntry[] = [
      {
        id: '554c0ff7',
        type: 'inbound-rtp',
        kind: 'audio',
        codecId: '85d66c08',
        bytesReceived: 61278,
        packetsLost: 0,
        packetsReceived: 510,
      },
      {
        id: '50ad0b',
        type: 'inbound-rtp',
        kind: 'video',
        codecId: 'fc0b73a',
        bytesReceived: 432691,
        packetsLost: 0,
        packetsReceived: 433,
        framesDecoded: 111,
        frameWidth: 1280,
        frameHeight: 720,
      },
      { id: '9a06f95', type: 'outbound-rtp', kind: 'audio', codecId: '4c956af6', bytesSent: 41363 },
      {
        id: 'bf86233a',
        type: 'outbound-rtp',
        kind: 'video',
        codecId: '2755ffe0',
        bytesSent: 823685,
        framesEncoded: 292,
        frameWidth: 1280,
        frameHeight: 720,
      },
      {
        id: '958a390e',
        type: 'remote-inbound-rtp',
        kind: 'video',
        packetsLost: 0,
        roundTripTime: 0.14,
      },
      {
        id: '973a2231',
        type: 'candidate-pair',
        localCandidateId: 'd56c896e',
        remoteCandidateId: '66d4b6dc',
        currentRoundTripTime: 0.003,
        nominated: true,
        selected: true,
        state: 'succeeded',
      },
      {
        id: '8044aebf',
        type: 'candidate-pair',
        localCandidateId: 'd56c896e',
        remoteCandidateId: 'c6649205',
        currentRoundTripTime: 0.023,
        nominated: true,
        selected: false,
        state: 'succeeded',
      },
      { id: 'd56c896e', type: 'local-candidate', candidateType: 'host', address: '192.0.2.1' },
      { id: '66d4b6dc', type: 'remote-candidate', candidateType: 'prflx', address: '127.0.0.1' },
      { id: 'c6649205', type: 'remote-candidate', candidateType: 'prflx', address: '192.0.2.1' },
      { id: '4c956af6', type: 'codec', codecType: 'encode', mimeType: 'audio/opus' },
      { id: '85d66c08', type: 'codec', codecType: 'decode', mimeType: 'audio/opus' },
      { id: 'fc0b73a', type: 'codec', codecType: 'decode', mimeType: 'video/VP8' },
      { id: '2755ffe0', type: 'codec', codecType: 'encode', mimeType: 'video/VP8' },
      {
        id: '81c057d3',
        type: 'transport',
        selectedCandidatePairId: '973a2231',
        iceState: 'connected',
      },
    ];
    expect(readSample(firefox, 0)).toEqual({
      at: 0,
      bytesSent: 41363 + 823685,
      bytesReceived: 61278 + 432691,
      packetsReceived: 943,
      packetsLost: 0,
      rttMs: 3,
      path: 'direct',
      sentVideo: { frames: 292, width: 1280, height: 720, codec: 'VP8' },
      receivedVideo: { frames: 111, width: 1280, height: 720, codec: 'VP8' },
      audioCodec: 'opus',
      sentVideoPackets: 0,
      sentVideoLost: 0,
      // Firefox reports no bandwidth estimate.
      availableOutgoingKbps: null,
    });
    // Without its transport entry (older Firefox), the pair marked selected is still the one.
    const older = firefox.filter((e) => e.type !== 'transport');
    expect(readSample(older, 0)).toMatchObject({ rttMs: 3, path: 'direct' });
    expect(connectionPathOf(older)).toBe('direct');
  });

  it('takes the pair marked selected over another nominated one when the transport names none', () => {
    const entries: StatsEntry[] = [
      {
        id: 'A',
        type: 'candidate-pair',
        localCandidateId: 'H',
        remoteCandidateId: 'R',
        nominated: true,
        selected: false,
        state: 'succeeded',
        currentRoundTripTime: 0.001,
      },
      {
        id: 'B',
        type: 'candidate-pair',
        localCandidateId: 'T',
        remoteCandidateId: 'R',
        nominated: true,
        selected: true,
        state: 'succeeded',
        currentRoundTripTime: 0.02,
      },
      { id: 'H', type: 'local-candidate', candidateType: 'host' },
      { id: 'T', type: 'local-candidate', candidateType: 'relay' },
      { id: 'R', type: 'remote-candidate', candidateType: 'host' },
    ];
    expect(readSample(entries, 0)).toMatchObject({ rttMs: 20, path: 'relay' });
    expect(connectionPathOf(entries)).toBe('relay');
  });

  it('knows nothing of an idle connection', () => {
    expect(deriveStats(null, readSample([], 0))).toMatchObject({
      rttMs: null,
      path: null,
      quality: null,
      videoCodec: null,
    });
  });
});

describe('rateQuality', () => {
  it.each([
    [0, 40, 'good'],
    [1.9, 249, 'good'],
    [2, 40, 'fair'],
    [0, 250, 'fair'],
    [8, 40, 'poor'],
    [0, 500, 'poor'],
    [null, 600, 'poor'],
    [0.5, null, 'good'],
  ] as const)('loss %s %% and rtt %s ms → %s', (loss, rtt, expected) => {
    expect(rateQuality(loss, rtt)).toBe(expected);
  });

  it('is unknown without any number', () => expect(rateQuality(null, null)).toBeNull());
});
