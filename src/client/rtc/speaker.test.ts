// @vitest-environment node
// followSpeaker() against a stand-in for Chromium's media element: setSinkId is refused
// (AbortError) until the element's player has an audio track, as with a call's stream attached
// before the peer's tracks arrive.
import { describe, expect, it, vi } from 'vitest';
import { followSpeaker, SINK_RETRY_EVENTS } from './speaker';

class FakeVideo extends EventTarget {
  sinkId = '';
  /** The player has an audio renderer to switch. */
  hasAudio = false;
  readonly setSinkId = vi.fn((id: string) => {
    if (!this.hasAudio) return Promise.reject(new DOMException('no audio renderer', 'AbortError'));
    this.sinkId = id;
    return Promise.resolve();
  });
}

/** Lets the setSinkId promises settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('followSpeaker', () => {
  it('applies the speaker at once when the element can take it', async () => {
    const video = Object.assign(new FakeVideo(), { hasAudio: true });
    followSpeaker(video, 'usb');
    await settle();
    expect(video.sinkId).toBe('usb');
  });

  it.each(SINK_RETRY_EVENTS)(
    'refused before the audio arrives: applied again on %s',
    async (event) => {
      const video = new FakeVideo();
      followSpeaker(video, 'usb');
      await settle();
      expect(video.setSinkId).toHaveBeenCalledTimes(1);
      expect(video.sinkId).toBe('');
      video.hasAudio = true;
      video.dispatchEvent(new Event(event));
      await settle();
      expect(video.sinkId).toBe('usb');
    },
  );

  it('keeps trying through several refusals, and stops asking once applied', async () => {
    const video = new FakeVideo();
    followSpeaker(video, 'usb');
    video.dispatchEvent(new Event('loadedmetadata'));
    await settle();
    video.hasAudio = true;
    video.dispatchEvent(new Event('playing'));
    await settle();
    expect(video.sinkId).toBe('usb');
    const calls = video.setSinkId.mock.calls.length;
    video.dispatchEvent(new Event('resize'));
    video.dispatchEvent(new Event('playing'));
    expect(video.setSinkId).toHaveBeenCalledTimes(calls);
  });

  it('stops following when told to (another speaker chosen, element gone)', async () => {
    const video = new FakeVideo();
    const stop = followSpeaker(video, 'usb');
    await settle();
    stop();
    video.hasAudio = true;
    video.dispatchEvent(new Event('playing'));
    await settle();
    expect(video.setSinkId).toHaveBeenCalledTimes(1);
    expect(video.sinkId).toBe('');
  });

  it('does nothing without a speaker, or where the browser cannot pick one', () => {
    const video = new FakeVideo();
    followSpeaker(video, undefined)();
    expect(video.setSinkId).not.toHaveBeenCalled();
    expect(() => followSpeaker(new EventTarget(), 'usb')()).not.toThrow();
  });
});
