import { afterEach, describe, expect, it, vi } from 'vitest';
import { preferRedundantAudio, redundantAudioFirst } from './audioRedundancy';

const OPUS = { mimeType: 'audio/opus', clockRate: 48000, channels: 2 };
const RED = { mimeType: 'audio/red', clockRate: 48000, channels: 2 };
const G722 = { mimeType: 'audio/G722', clockRate: 8000 };

const transceiver = (kind: string) =>
  ({
    receiver: { track: { kind } },
    setCodecPreferences: vi.fn(),
  }) as unknown as RTCRtpTransceiver & { setCodecPreferences: ReturnType<typeof vi.fn> };

afterEach(() => vi.unstubAllGlobals());

describe('redundantAudioFirst', () => {
  it('moves audio/red to the front and keeps the order of the rest', () => {
    expect(redundantAudioFirst([OPUS, G722, RED])).toEqual([RED, OPUS, G722]);
  });

  it('matches the MIME type whatever its case', () => {
    const upper = { mimeType: 'audio/RED' };
    expect(redundantAudioFirst([OPUS, upper])).toEqual([upper, OPUS]);
  });

  it('is null when the browser has no RED (Firefox)', () => {
    expect(redundantAudioFirst([OPUS, G722])).toBeNull();
  });
});

describe('preferRedundantAudio', () => {
  it('sets RED first on audio transceivers only', () => {
    vi.stubGlobal('RTCRtpReceiver', { getCapabilities: () => ({ codecs: [OPUS, RED, G722] }) });
    const audio = transceiver('audio');
    const video = transceiver('video');
    expect(preferRedundantAudio([audio, video])).toBe(true);
    expect(audio.setCodecPreferences).toHaveBeenCalledWith([RED, OPUS, G722]);
    expect(video.setCodecPreferences).not.toHaveBeenCalled();
  });

  it('leaves the browser its own order when it has no RED', () => {
    vi.stubGlobal('RTCRtpReceiver', { getCapabilities: () => ({ codecs: [OPUS, G722] }) });
    const audio = transceiver('audio');
    expect(preferRedundantAudio([audio])).toBe(false);
    expect(audio.setCodecPreferences).not.toHaveBeenCalled();
  });
});
