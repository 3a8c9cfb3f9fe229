import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Size } from './sendResolution';
import { ViewLink, type ViewSource } from './ViewLink';
import { viewMessage } from './viewWire';
import { viewBox } from './viewSize';

class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  readonly sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
  open() {
    this.readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }
  receive(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

class FakeView implements ViewSource {
  private readonly listeners = new Set<(size: Size) => void>();
  constructor(private size: Size) {}
  current() {
    return this.size;
  }
  on(_event: 'changed', listener: (size: Size) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(size: Size) {
    this.size = size;
    for (const listener of this.listeners) listener(size);
  }
}

function fakePeer(channel: FakeChannel | null) {
  const told: Size[] = [];
  return {
    told,
    channel: channel as unknown as RTCDataChannel | null,
    on: vi.fn(() => () => {}),
    peerShowsVideoAt: vi.fn(async (size: Size) => void told.push(size)),
  };
}

describe('ViewLink', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('tells the peer our view size when the channel opens, and the last of quick changes', () => {
    const view = new FakeView({ width: 693, height: 390 });
    const channel = new FakeChannel();
    const link = new ViewLink(view);
    link.follow(fakePeer(channel));
    expect(channel.sent).toEqual([]);
    channel.open();
    expect(channel.sent).toEqual([viewMessage({ width: 693, height: 390 })]);
    view.set({ width: 700, height: 394 });
    view.set({ width: 720, height: 405 });
    vi.advanceTimersByTime(1000);
    expect(channel.sent).toEqual([
      viewMessage({ width: 693, height: 390 }),
      viewMessage({ width: 720, height: 405 }),
    ]);
    // The same size again is not news.
    view.set({ width: 720, height: 405 });
    vi.advanceTimersByTime(1000);
    expect(channel.sent).toHaveLength(2);
    link.dispose();
  });

  it("hands the peer's view messages to the connection and ignores every other frame", () => {
    const channel = new FakeChannel();
    channel.readyState = 'open';
    const peer = fakePeer(channel);
    new ViewLink(new FakeView({ width: 1, height: 1 })).follow(peer);
    channel.receive(JSON.stringify({ type: 'chat', text: 'hello', at: 1 }));
    channel.receive(viewMessage({ width: 0, height: 0 }));
    channel.receive('garbage');
    expect(peer.told).toEqual([{ width: 0, height: 0 }]);
  });

  it('lets go of the old channel when the connection changes', () => {
    const old = new FakeChannel();
    old.readyState = 'open';
    const oldPeer = fakePeer(old);
    const link = new ViewLink(new FakeView({ width: 640, height: 360 }));
    link.follow(oldPeer);
    link.follow(null);
    old.receive(viewMessage({ width: 10, height: 10 }));
    expect(oldPeer.told).toEqual([]);
  });
});

describe('viewBox', () => {
  it('is the box in device pixels, the PiP window while there is one, nothing while hidden', () => {
    const box = { width: 693.5, height: 390 };
    expect(viewBox(box, 2, true, null)).toEqual({ width: 1387, height: 780 });
    expect(viewBox(box, 1, false, null)).toEqual({ width: 0, height: 0 });
    expect(viewBox(box, 1, false, { width: 400, height: 225 })).toEqual({
      width: 400,
      height: 225,
    });
  });
});
