// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDoorStore } from '../store/doorStore';
import { Emitter } from './emitter';
import { RoomDoor } from './RoomDoor';
import type { SignalEvents } from './SignalServer';

class FakeSignal extends Emitter<SignalEvents> {
  readonly sent: unknown[][] = [];
  deliver<K extends keyof SignalEvents>(event: K, ...args: Parameters<SignalEvents[K]>) {
    this.emit(event, ...args);
  }
  lock(...args: unknown[]) {
    this.sent.push(['lock', ...args]);
  }
  admit(...args: unknown[]) {
    this.sent.push(['admit', ...args]);
  }
  decline(...args: unknown[]) {
    this.sent.push(['decline', ...args]);
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function door(room: string | null = 'r') {
  const signal = new FakeSignal();
  const store = createDoorStore();
  const roomDoor = new RoomDoor({ signal, store, room: () => room });
  return { signal, store, roomDoor };
}

describe('RoomDoor', () => {
  it('follows the lock of our room from joined and locked, not of other rooms', () => {
    const { signal, store } = door();
    const joined = { roomId: 'r', userNum: 1, userId: 'u', peers: [], iceServers: [], iceTtl: 0 };
    signal.deliver('joined', { ...joined, iceToken: 't', locked: true, hasPasscode: false });
    expect(store.getState()).toMatchObject({ locked: true, hasPasscode: false });
    signal.deliver('locked', { roomId: 'other', locked: false, hasPasscode: false, by: 'x' });
    expect(store.getState().locked).toBe(true);
    signal.deliver('locked', { roomId: 'r', locked: true, hasPasscode: true, by: 'x' });
    expect(store.getState()).toMatchObject({ locked: true, hasPasscode: true });
  });

  it('lists knocks until closed, or until they expire as the server times them out', async () => {
    const { signal, store } = door();
    signal.deliver('knock', { roomId: 'r', knockId: 'k1', name: 'Ana', expiresInMs: 60_000 });
    signal.deliver('knock', { roomId: 'r', knockId: 'k2', name: '', expiresInMs: 1000 });
    signal.deliver('knock', { roomId: 'other', knockId: 'k3', name: 'x', expiresInMs: 1000 });
    expect(store.getState().knocks.map((k) => k.knockId)).toEqual(['k1', 'k2']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().knocks.map((k) => k.knockId)).toEqual(['k1']);
    signal.deliver('knockclosed', { roomId: 'r', knockId: 'k1', outcome: 'admitted' });
    expect(store.getState().knocks).toEqual([]);
  });

  it('sends lock, admit and decline for our room only', () => {
    const { signal, roomDoor } = door();
    roomDoor.setLock(true, 'tulip');
    roomDoor.admit('k1');
    roomDoor.decline('k2');
    expect(signal.sent).toEqual([
      ['lock', 'r', true, 'tulip'],
      ['admit', 'r', 'k1'],
      ['decline', 'r', 'k2'],
    ]);
    const outside = door(null);
    outside.roomDoor.setLock(true);
    expect(outside.signal.sent).toEqual([]);
  });

  it('forgets lock and knocks when we leave', () => {
    const { signal, store, roomDoor } = door();
    signal.deliver('knock', { roomId: 'r', knockId: 'k1', name: 'Ana', expiresInMs: 60_000 });
    signal.deliver('locked', { roomId: 'r', locked: true, hasPasscode: false, by: 'x' });
    roomDoor.left();
    expect(store.getState()).toMatchObject({ locked: false, knocks: [] });
  });
});
