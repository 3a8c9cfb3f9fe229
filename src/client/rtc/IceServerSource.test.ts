import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IceServer, IceServersResponse } from '../../shared/protocol';
import { IceServerSource } from './IceServerSource';

const turn = (username: string): IceServer => ({
  urls: ['turn:t:3478'],
  username,
  credential: 'c',
});

function source(fetch: (token: string) => Promise<IceServersResponse>) {
  const updates: IceServer[][] = [];
  const errors: string[] = [];
  const ice = new IceServerSource({
    fetch,
    onUpdate: (servers) => updates.push(servers),
    onError: (error) => errors.push(error.message),
  });
  return { ice, updates, errors };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('IceServerSource', () => {
  it('hands out the servers it was given', () => {
    const { ice, updates } = source(vi.fn());
    ice.set([turn('100:a')], 600);
    expect(ice.current).toEqual([turn('100:a')]);
    expect(updates).toEqual([[turn('100:a')]]);
  });

  it('fetches a fresh credential at 80 % of its life, then again for the new one', async () => {
    let n = 0;
    const fetch = vi.fn(async () => ({ iceServers: [turn(`fresh-${++n}`)], ttl: 100 }));
    const { ice, updates } = source(fetch);
    ice.set([turn('first')], 600, 'token-0');
    await vi.advanceTimersByTimeAsync(479_999);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(ice.current).toEqual([turn('fresh-1')]);
    // The new credential lives 100 s: the next refresh comes 80 s later.
    await vi.advanceTimersByTimeAsync(80_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(updates.map((u) => u[0]?.username)).toEqual(['first', 'fresh-1', 'fresh-2']);
  });

  it('proves membership with the latest token: joined’s first, then the one each answer brings', async () => {
    let n = 0;
    const fetch = vi.fn(async (_token: string) => ({
      iceServers: [turn('x')],
      ttl: 100,
      token: `t${++n}`,
    }));
    const { ice } = source(fetch);
    ice.set([turn('first')], 100, 't0');
    await ice.refresh();
    await ice.refresh();
    expect(fetch.mock.calls.map(([token]) => token)).toEqual(['t0', 't1']);
  });

  it('has nothing to prove outside a room: refresh() rejects without fetching', async () => {
    const fetch = vi.fn();
    const { ice } = source(fetch);
    await expect(ice.refresh()).rejects.toThrow('join a room first');
    ice.set([turn('old')], 600, 't0');
    ice.stop();
    await expect(ice.refresh()).rejects.toThrow('join a room first');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('does not refresh servers without credentials (STUN only)', async () => {
    const fetch = vi.fn();
    const { ice } = source(fetch);
    ice.set([{ urls: 'stun:s' }], 600);
    await vi.advanceTimersByTimeAsync(10 * 600_000);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refresh() on demand applies the new list and resolves with it', async () => {
    const { ice, updates } = source(async () => ({ iceServers: [turn('now')], ttl: 600 }));
    ice.set([turn('old')], 600, 't0');
    await expect(ice.refresh()).resolves.toEqual([turn('now')]);
    expect(updates.at(-1)).toEqual([turn('now')]);
  });

  it('a failed fetch keeps the old list, reports, and retries 30 s later', async () => {
    const fetch = vi
      .fn<(token: string) => Promise<IceServersResponse>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue({ iceServers: [turn('later')], ttl: 600 });
    const { ice, errors } = source(fetch);
    ice.set([turn('old')], 600, 't0');
    await expect(ice.refresh()).rejects.toThrow('offline');
    expect(errors).toEqual(['offline']);
    expect(ice.current).toEqual([turn('old')]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ice.current).toEqual([turn('later')]);
  });

  it('stop() cancels the pending refresh and ignores a fetch that lands afterwards', async () => {
    let resolve: (r: IceServersResponse) => void = () => {};
    const fetch = vi.fn(() => new Promise<IceServersResponse>((r) => (resolve = r)));
    const { ice } = source(fetch);
    ice.set([turn('old')], 600, 't0');
    const pending = ice.refresh();
    ice.stop();
    resolve({ iceServers: [turn('late')], ttl: 600 });
    await pending;
    expect(ice.current).toEqual([turn('old')]);
    await vi.advanceTimersByTimeAsync(10 * 600_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
