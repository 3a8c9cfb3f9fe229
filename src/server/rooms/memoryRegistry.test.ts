import { describe, expect, it } from 'vitest';
import { registryContract } from '../testing/registryContract.js';
import { MemoryRoomRegistry } from './memoryRegistry.js';

registryContract('MemoryRoomRegistry', async () => new MemoryRoomRegistry());

describe('MemoryRoomRegistry locks', () => {
  it('forgets the lock of a room left empty once its time is up, not before', async () => {
    const registry = new MemoryRoomRegistry(50);
    const alice = { userId: 'alice', socketId: 's1' };
    await registry.join('r', alice, 2);
    await registry.setLock('r', alice, { passcode: null });
    await registry.leave('r', 'alice', 's1');
    expect((await registry.lockOf('r', 'x')).lock).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await registry.lockOf('r', 'x')).toEqual({ lock: null, admitted: false });
    expect(await registry.join('r', { userId: 'x', socketId: 's2' }, 2)).toMatchObject({
      kind: 'joined',
    });
  });

  it('keeps the lock of a room someone rejoined in time', async () => {
    const registry = new MemoryRoomRegistry(50);
    const alice = { userId: 'alice', socketId: 's1' };
    await registry.join('r', alice, 2);
    await registry.setLock('r', alice, { passcode: null });
    await registry.leave('r', 'alice', 's1');
    await registry.join('r', { userId: 'alice', socketId: 's3' }, 2);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await registry.join('r', { userId: 'x', socketId: 's2' }, 2)).toEqual({
      kind: 'locked',
    });
  });
});
