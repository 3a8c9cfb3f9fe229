// @vitest-environment node
// acquireLocalMedia against a scripted MediaDevices: which requests it makes, in which order,
// and what it concludes. Pure logic, so a stub stands in for the browser.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireLocalMedia, stopStream, type MediaIssueKind } from './media';
import { english } from '../testing/english';

type Outcome = MediaStream | Error;

const streamOf = (name: string) => ({ id: name }) as unknown as MediaStream;
const domError = (name: string) => new DOMException('scripted failure', name);

/**
 * A MediaDevices whose getUserMedia answers by what is asked: `both` for audio + video,
 * `audio` and `video` for one kind alone.
 */
function devices(answers: { both: Outcome; audio?: Outcome; video?: Outcome }) {
  const getUserMedia = vi.fn(async (constraints?: MediaStreamConstraints) => {
    const answer =
      constraints?.audio && constraints.video
        ? answers.both
        : constraints?.audio
          ? answers.audio
          : answers.video;
    if (!answer) throw new Error(`unexpected request ${JSON.stringify(constraints)}`);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { mediaDevices: { getUserMedia } as unknown as MediaDevices, getUserMedia };
}

/** Which kinds each getUserMedia call asked for, e.g. ['audio+video', 'audio']. */
function requested(getUserMedia: ReturnType<typeof devices>['getUserMedia']): string[] {
  return getUserMedia.mock.calls.map(([c]) =>
    (['audio', 'video'] as const).filter((k) => c?.[k]).join('+'),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('acquireLocalMedia', () => {
  it('returns the stream and no issue when camera and microphone are granted', async () => {
    const both = streamOf('av');
    const { mediaDevices, getUserMedia } = devices({ both });
    await expect(acquireLocalMedia(mediaDevices)).resolves.toEqual({ stream: both, issue: null });
    expect(requested(getUserMedia)).toEqual(['audio+video']);
    // Asks for echo cancellation and an HD-ish camera, not bare `true`.
    expect(getUserMedia.mock.calls[0]?.[0]).toMatchObject({
      audio: { echoCancellation: true },
      video: { width: { ideal: 1280 } },
    });
  });

  it('asks for the devices chosen last time first', async () => {
    const both = streamOf('av');
    const { mediaDevices, getUserMedia } = devices({ both });
    await expect(
      acquireLocalMedia(mediaDevices, { camera: 'cam-2', microphone: 'mic-3' }),
    ).resolves.toEqual({ stream: both, issue: null });
    expect(getUserMedia).toHaveBeenCalledTimes(1);
    expect(getUserMedia.mock.calls[0]?.[0]).toMatchObject({
      audio: { echoCancellation: true, deviceId: { exact: 'mic-3' } },
      video: { width: { ideal: 1280 }, deviceId: { exact: 'cam-2' } },
    });
  });

  it('takes any devices when the remembered one is gone', async () => {
    const both = streamOf('av');
    const getUserMedia = vi.fn(async (c?: MediaStreamConstraints) => {
      if (JSON.stringify(c).includes('exact')) throw domError('OverconstrainedError');
      return both;
    });
    const mediaDevices = { getUserMedia } as unknown as MediaDevices;
    await expect(acquireLocalMedia(mediaDevices, { camera: 'unplugged' })).resolves.toEqual({
      stream: both,
      issue: null,
    });
    expect(getUserMedia).toHaveBeenCalledTimes(2);
    expect(getUserMedia.mock.calls[1]?.[0]?.video).not.toHaveProperty('deviceId');
  });

  it('does not ask twice when the remembered devices are refused', async () => {
    const { mediaDevices, getUserMedia } = devices({ both: domError('NotAllowedError') });
    const result = await acquireLocalMedia(mediaDevices, { camera: 'cam-2' });
    expect(result.issue?.kind).toBe('permission-denied');
    expect(getUserMedia).toHaveBeenCalledTimes(1);
  });

  it.each(['NotAllowedError', 'SecurityError'])(
    '%s → no stream, permission-denied, and no retry with fewer devices',
    async (name) => {
      const { mediaDevices, getUserMedia } = devices({
        both: domError(name),
        audio: streamOf('a'),
        video: streamOf('v'),
      });
      const { stream, issue } = await acquireLocalMedia(mediaDevices);
      expect(stream).toBeNull();
      expect(issue?.kind).toBe('permission-denied');
      expect(english(issue?.message)).toMatch(/allow camera and microphone/i);
      expect(requested(getUserMedia)).toEqual(['audio+video']);
    },
  );

  it('NotFoundError for the pair but a working microphone → audio only, no-camera', async () => {
    const audio = streamOf('a');
    const { mediaDevices, getUserMedia } = devices({ both: domError('NotFoundError'), audio });
    const { stream, issue } = await acquireLocalMedia(mediaDevices);
    expect(stream).toBe(audio);
    expect(issue?.kind).toBe('no-camera');
    expect(requested(getUserMedia)).toEqual(['audio+video', 'audio']);
  });

  it('no microphone but a working camera → video only, no-microphone', async () => {
    const video = streamOf('v');
    const { mediaDevices, getUserMedia } = devices({
      both: domError('NotFoundError'),
      audio: domError('NotFoundError'),
      video,
    });
    const { stream, issue } = await acquireLocalMedia(mediaDevices);
    expect(stream).toBe(video);
    expect(issue?.kind).toBe('no-microphone');
    expect(requested(getUserMedia)).toEqual(['audio+video', 'audio', 'video']);
  });

  it.each<[string, MediaIssueKind]>([
    ['NotFoundError', 'no-devices'],
    ['OverconstrainedError', 'no-devices'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['WeirdError', 'unknown'],
  ])('%s everywhere → no stream, %s, after trying each device alone', async (name, kind) => {
    const { mediaDevices, getUserMedia } = devices({
      both: domError(name),
      audio: domError(name),
      video: domError(name),
    });
    const { stream, issue } = await acquireLocalMedia(mediaDevices);
    expect(stream).toBeNull();
    expect(issue?.kind).toBe(kind);
    expect(requested(getUserMedia)).toEqual(['audio+video', 'audio', 'video']);
  });

  it('names an unknown error in the message, and copes with a thrown non-Error', async () => {
    const named = await acquireLocalMedia(
      devices({ both: domError('WeirdError'), audio: domError('X'), video: domError('X') })
        .mediaDevices,
    );
    expect(english(named.issue?.message)).toContain('WeirdError');

    const getUserMedia = vi.fn(() => Promise.reject('just a string'));
    const odd = await acquireLocalMedia({ getUserMedia } as unknown as MediaDevices);
    expect(odd).toMatchObject({ stream: null, issue: { kind: 'unknown' } });
  });

  it('no mediaDevices at all (plain http) → insecure', async () => {
    vi.stubGlobal('navigator', {});
    await expect(acquireLocalMedia(undefined)).resolves.toMatchObject({
      stream: null,
      issue: { kind: 'insecure' },
    });
    await expect(acquireLocalMedia({} as MediaDevices)).resolves.toMatchObject({
      stream: null,
      issue: { kind: 'insecure' },
    });
  });

  it('uses navigator.mediaDevices when none is passed', async () => {
    const both = streamOf('av');
    const { mediaDevices, getUserMedia } = devices({ both });
    vi.stubGlobal('navigator', { mediaDevices });
    await expect(acquireLocalMedia()).resolves.toEqual({ stream: both, issue: null });
    expect(getUserMedia).toHaveBeenCalledTimes(1);
  });
});

describe('stopStream', () => {
  it('stops every track and accepts null', () => {
    const tracks = [{ stop: vi.fn() }, { stop: vi.fn() }];
    stopStream({ getTracks: () => tracks } as unknown as MediaStream);
    for (const track of tracks) expect(track.stop).toHaveBeenCalledTimes(1);
    expect(() => stopStream(null)).not.toThrow();
  });
});
