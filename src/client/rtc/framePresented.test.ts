import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { framePresented, type FramePresenter } from './framePresented';

/** A player whose frames the test presents by hand. */
function fakePlayer() {
  const callbacks = new Map<number, VideoFrameRequestCallback>();
  let next = 1;
  const player: Required<FramePresenter> = {
    requestVideoFrameCallback(callback) {
      callbacks.set(next, callback);
      return next++;
    },
    cancelVideoFrameCallback(handle) {
      callbacks.delete(handle);
    },
  };
  const present = () => {
    const due = [...callbacks.values()];
    callbacks.clear();
    for (const callback of due) callback(0, {} as VideoFrameCallbackMetadata);
  };
  return { player, present, pending: () => callbacks.size };
}

/** Reads whether a promise has resolved, for tests that step fake timers. */
function resolvedYet(promise: Promise<unknown>): () => boolean {
  let done = false;
  void promise.then(() => (done = true));
  return () => done;
}

describe('framePresented', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for the next presented frame', async () => {
    const { player, present } = fakePlayer();
    const done = resolvedYet(framePresented(player, 500));
    await vi.advanceTimersByTimeAsync(100);
    expect(done()).toBe(false);
    present();
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it('gives up waiting after the cap and cancels its frame request', async () => {
    const { player, pending } = fakePlayer();
    const done = resolvedYet(framePresented(player, 500));
    await vi.advanceTimersByTimeAsync(499);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
    expect(pending()).toBe(0);
  });

  it('resolves at once where the browser has no requestVideoFrameCallback', async () => {
    const done = resolvedYet(framePresented({}, 500));
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });
});
