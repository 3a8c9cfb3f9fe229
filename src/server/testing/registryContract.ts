// The behaviour every RoomRegistry must have, run against each implementation (memory, Redis).
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomRegistry } from '../rooms/registry.js';

const alice = { userId: 'alice', socketId: 's-alice' };
const bob = { userId: 'bob', socketId: 's-bob' };
const carol = { userId: 'carol', socketId: 's-carol' };

/** `create` returns a registry with no rooms in it. */
export function registryContract(name: string, create: () => Promise<RoomRegistry>): void {
  describe(`${name} (RoomRegistry contract)`, () => {
    let registry: RoomRegistry;
    beforeEach(async () => {
      registry = await create();
    });

    it('seats members in order and reports the others as peers', async () => {
      expect(await registry.join('r', alice, 2)).toEqual({ kind: 'joined', userNum: 1, peers: [] });
      expect(await registry.join('r', bob, 2)).toEqual({
        kind: 'joined',
        userNum: 2,
        peers: ['alice'],
      });
      expect(await registry.members('r')).toEqual([alice, bob]);
    });

    it('refuses a newcomer at capacity without seating it', async () => {
      await registry.join('r', alice, 2);
      await registry.join('r', bob, 2);
      expect(await registry.join('r', carol, 2)).toEqual({ kind: 'full', userNum: 2 });
      expect(await registry.members('r')).toEqual([alice, bob]);
    });

    it('honours a larger capacity', async () => {
      await registry.join('r', alice, 3);
      await registry.join('r', bob, 3);
      expect(await registry.join('r', carol, 3)).toMatchObject({ kind: 'joined', userNum: 3 });
    });

    it('lets a user take over its seat from a new socket, even when full', async () => {
      await registry.join('r', alice, 2);
      await registry.join('r', bob, 2);
      const result = await registry.join('r', { userId: 'alice', socketId: 's-alice-2' }, 2);
      expect(result).toEqual({
        kind: 'joined',
        userNum: 2,
        peers: ['bob'],
        replacedSocketId: 's-alice',
      });
      expect(await registry.members('r')).toEqual([
        { userId: 'alice', socketId: 's-alice-2' },
        bob,
      ]);
    });

    it('re-joining from the same socket replaces nothing', async () => {
      await registry.join('r', alice, 2);
      expect(await registry.join('r', alice, 2)).toEqual({ kind: 'joined', userNum: 1, peers: [] });
    });

    it('leave frees the seat only for the socket that holds it', async () => {
      await registry.join('r', alice, 2);
      await registry.join('r', { userId: 'alice', socketId: 's-alice-2' }, 2);
      expect(await registry.leave('r', 'alice', 's-alice')).toBe(false);
      expect(await registry.members('r')).toHaveLength(1);
      expect(await registry.leave('r', 'alice', 's-alice-2')).toBe(true);
      expect(await registry.leave('r', 'alice', 's-alice-2')).toBe(false);
    });

    it('deletes rooms that empty and ignores unknown rooms', async () => {
      await registry.join('a', alice, 2);
      await registry.join('b', bob, 2);
      expect(await registry.size()).toBe(2);
      await registry.leave('a', 'alice', 's-alice');
      await registry.leave('b', 'bob', 's-bob');
      expect(await registry.size()).toBe(0);
      expect(await registry.members('a')).toEqual([]);
      expect(await registry.leave('nowhere', 'x', 'y')).toBe(false);
    });

    it('is ready', async () => {
      expect(await registry.ready()).toBe(true);
    });

    it('keeps capacity under concurrent joins', async () => {
      const seats = Array.from({ length: 20 }, (_, i) => ({ userId: `u${i}`, socketId: `s${i}` }));
      const results = await Promise.all(seats.map((seat) => registry.join('busy', seat, 2)));
      expect(results.filter((r) => r.kind === 'joined')).toHaveLength(2);
      expect(results.filter((r) => r.kind === 'full')).toHaveLength(18);
      expect(await registry.members('busy')).toHaveLength(2);
    });
  });
}
