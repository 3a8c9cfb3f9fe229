// @vitest-environment node
// The ICE-recovery schedule on fake timers: restart after 2 s `disconnected` or at once on
// `failed`, again every 4 s, at most 5 times, then give up (CallController offers Retry).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ICE_DISCONNECTED_GRACE_MS,
  ICE_RESTART_INTERVAL_MS,
  IceRecovery,
  MAX_ICE_RESTARTS,
} from './iceRecovery';

/** What happened, with the fake clock's time in ms. */
type Event = [number, 'restart' | `reconnecting ${number}` | 'gave up'];

/** A disconnect at 0 that never heals: what the user is told, and when. */
const TOLD_FROM_DISCONNECT: Event[] = [
  [2000, 'reconnecting 1'],
  [6000, 'reconnecting 2'],
  [10_000, 'reconnecting 3'],
  [14_000, 'reconnecting 4'],
  [18_000, 'reconnecting 5'],
  [22_000, 'gave up'],
];
const told = (events: Event[]) => events.filter(([, e]) => e !== 'restart');

function recovery({ polite = false } = {}) {
  const events: Event[] = [];
  const ice = { connected: false };
  const at = () => Date.now();
  const subject = new IceRecovery({
    polite,
    isConnected: () => ice.connected,
    restart: () => events.push([at(), 'restart']),
    reconnecting: (attempt) => events.push([at(), `reconnecting ${attempt}`]),
    gaveUp: () => events.push([at(), 'gave up']),
  });
  return {
    subject,
    events,
    ice,
    restarts: () => events.filter(([, e]) => e === 'restart').map(([t]) => t),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('IceRecovery', () => {
  it('keeps the documented numbers', () => {
    expect([ICE_DISCONNECTED_GRACE_MS, ICE_RESTART_INTERVAL_MS, MAX_ICE_RESTARTS]).toEqual([
      2000, 4000, 5,
    ]);
  });

  it('disconnected: restarts after 2 s, then every 4 s, 5 times in all, then gives up once', () => {
    const { subject, events, restarts } = recovery();
    subject.iceStateChanged('disconnected');
    vi.advanceTimersByTime(1999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([
      [2000, 'reconnecting 1'],
      [2000, 'restart'],
    ]);
    vi.advanceTimersByTime(60_000);
    expect(restarts()).toEqual([2000, 6000, 10_000, 14_000, 18_000]);
    expect(told(events)).toEqual(TOLD_FROM_DISCONNECT);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('failed: restarts at once', () => {
    const { subject, restarts } = recovery();
    subject.iceStateChanged('failed');
    vi.advanceTimersByTime(0);
    expect(restarts()).toEqual([0]);
  });

  it('failed during the grace period of a disconnect: restarts at once, not 2 s later', () => {
    const { subject, restarts } = recovery();
    subject.iceStateChanged('disconnected');
    vi.advanceTimersByTime(500);
    subject.iceStateChanged('failed');
    vi.advanceTimersByTime(0);
    expect(restarts()).toEqual([500]);
  });

  it('state changes between restarts do not bring the next one closer', () => {
    const { subject, restarts } = recovery();
    subject.iceStateChanged('failed');
    vi.advanceTimersByTime(1000);
    // A restart makes ICE go checking → disconnected/failed again: still 4 s apart.
    subject.iceStateChanged('checking');
    subject.iceStateChanged('disconnected');
    subject.iceStateChanged('failed');
    vi.advanceTimersByTime(8000);
    expect(restarts()).toEqual([0, 4000, 8000]);
  });

  it('back to connected: no more restarts, and the next outage starts a fresh count', () => {
    const { subject, events, ice, restarts } = recovery();
    subject.iceStateChanged('failed');
    vi.advanceTimersByTime(4000);
    expect(restarts()).toEqual([0, 4000]);
    ice.connected = true;
    subject.iceStateChanged('connected');
    vi.advanceTimersByTime(60_000);
    expect(restarts()).toEqual([0, 4000]);
    expect(subject.attempts).toBe(0);

    ice.connected = false;
    events.length = 0;
    subject.iceStateChanged('disconnected');
    vi.advanceTimersByTime(60_000);
    expect(told(events).map(([, e]) => e)).toEqual(TOLD_FROM_DISCONNECT.map(([, e]) => e));
  });

  it('a disconnect that heals within the grace period restarts nothing', () => {
    const { subject, events, ice } = recovery();
    subject.iceStateChanged('disconnected');
    vi.advanceTimersByTime(1500);
    ice.connected = true;
    subject.iceStateChanged('connected');
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual([]);
  });

  it('healed without a state event (connected by the time the timer fires): stops quietly', () => {
    const { subject, events, ice } = recovery();
    subject.iceStateChanged('disconnected');
    ice.connected = true;
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual([]);
  });

  it('the polite side keeps the same count and says the same, but never restarts', () => {
    const { subject, events } = recovery({ polite: true });
    subject.iceStateChanged('disconnected');
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(TOLD_FROM_DISCONNECT);
  });

  it('renew() after giving up (a call on a connection that broke while idle): a fresh round at once', () => {
    const { subject, events, restarts } = recovery();
    subject.iceStateChanged('failed');
    vi.advanceTimersByTime(60_000);
    expect(events.at(-1)).toEqual([20_000, 'gave up']);
    subject.renew();
    vi.advanceTimersByTime(60_000);
    expect(restarts().slice(MAX_ICE_RESTARTS)).toEqual([60_000, 64_000, 68_000, 72_000, 76_000]);
    expect(events.at(-1)).toEqual([80_000, 'gave up']);
  });

  it('renew() does nothing on a healthy connection or before any restart', () => {
    const { subject, events, ice } = recovery();
    subject.renew();
    ice.connected = true;
    subject.renew();
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual([]);
  });

  it('stop() (the connection is closed) cancels a pending restart and ignores later states', () => {
    const { subject, events } = recovery();
    subject.iceStateChanged('disconnected');
    subject.stop();
    subject.iceStateChanged('failed');
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retryNow() brings a pending restart forward; the schedule goes on from there', () => {
    const { subject, restarts } = recovery();
    subject.iceStateChanged('disconnected');
    vi.advanceTimersByTime(700);
    subject.retryNow();
    vi.advanceTimersByTime(4000);
    expect(restarts()).toEqual([700, 4700]);
  });

  it('retryNow() does nothing with no restart pending (healthy, or given up)', () => {
    const { subject, events } = recovery();
    subject.retryNow();
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual([]);
    subject.iceStateChanged('failed');
    vi.advanceTimersByTime(60_000);
    const before = events.length;
    subject.retryNow();
    vi.advanceTimersByTime(60_000);
    expect(events).toHaveLength(before);
  });
});
