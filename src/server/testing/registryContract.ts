// The behaviour every RoomRegistry must have, run against each implementation (memory, Redis).
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomRegistry, TryLimits } from '../rooms/registry.js';

const alice = { userId: 'alice', socketId: 's-alice' };
const bob = { userId: 'bob', socketId: 's-bob' };
const carol = { userId: 'carol', socketId: 's-carol' };
const open = { locked: false, hasPasscode: false };
const knockOnly = { locked: true, hasPasscode: false };
const withPasscode = { locked: true, hasPasscode: true };
const passcode = { salt: 'aa11', hash: 'bb22' };
const limits: TryLimits = { perRoom: 3, perAddress: 5, windowMs: 60_000 };

/** `create` returns a registry with no rooms in it. */
export function registryContract(name: string, create: () => Promise<RoomRegistry>): void {
  describe(`${name} (RoomRegistry contract)`, () => {
    let registry: RoomRegistry;
    beforeEach(async () => {
      registry = await create();
    });

    it('seats members in order and reports the others as peers', async () => {
      expect(await registry.join('r', alice, 2)).toEqual({
        kind: 'joined',
        userNum: 1,
        peers: [],
        lock: open,
      });
      expect(await registry.join('r', bob, 2)).toEqual({
        kind: 'joined',
        userNum: 2,
        peers: ['alice'],
        lock: open,
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
        lock: open,
      });
      expect(await registry.members('r')).toEqual([
        { userId: 'alice', socketId: 's-alice-2' },
        bob,
      ]);
    });

    it('re-joining from the same socket replaces nothing', async () => {
      await registry.join('r', alice, 2);
      expect(await registry.join('r', alice, 2)).toEqual({
        kind: 'joined',
        userNum: 1,
        peers: [],
        lock: open,
      });
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

    describe('locks', () => {
      it('only a member may lock; the members seated now are admitted, newcomers are not', async () => {
        await registry.join('r', alice, 3);
        await registry.join('r', bob, 3);
        expect(await registry.setLock('r', carol, { passcode: null })).toBeNull();
        expect(await registry.setLock('r', { ...alice, socketId: 'other' }, null)).toBeNull();
        expect(await registry.setLock('r', alice, { passcode: null })).toEqual(knockOnly);
        expect(await registry.lockOf('r', 'bob')).toEqual({
          lock: { passcode: null },
          admitted: true,
        });
        expect(await registry.lockOf('r', 'carol')).toEqual({
          lock: { passcode: null },
          admitted: false,
        });
        expect(await registry.join('r', carol, 3)).toEqual({ kind: 'locked' });
        expect(await registry.members('r')).toEqual([alice, bob]);
        // A member's new socket (a reload) takes its seat back without knocking.
        expect(await registry.join('r', { userId: 'bob', socketId: 's-bob-2' }, 3)).toMatchObject({
          kind: 'joined',
          replacedSocketId: 's-bob',
          lock: knockOnly,
        });
      });

      it('a locked room answers a newcomer the same whether it is full or not', async () => {
        await registry.join('r', alice, 2);
        await registry.join('r', bob, 2);
        await registry.setLock('r', alice, { passcode: null });
        expect(await registry.join('r', carol, 2)).toEqual({ kind: 'locked' });
        await registry.leave('r', 'bob', 's-bob');
        expect(await registry.join('r', carol, 2)).toEqual({ kind: 'locked' });
        await registry.leave('r', 'alice', 's-alice');
        expect(await registry.join('r', carol, 2)).toEqual({ kind: 'locked' });
      });

      it('an admitted knocker is seated and stays admitted after it leaves', async () => {
        await registry.join('r', alice, 2);
        await registry.setLock('r', alice, { passcode: null });
        expect(await registry.join('r', carol, 2, { admitted: true })).toMatchObject({
          kind: 'joined',
          peers: ['alice'],
          lock: knockOnly,
        });
        await registry.leave('r', 'carol', 's-carol');
        expect(
          await registry.join('r', { userId: 'carol', socketId: 's-carol-2' }, 2),
        ).toMatchObject({ kind: 'joined', userNum: 2 });
      });

      it('admission does not get past capacity', async () => {
        await registry.join('r', alice, 2);
        await registry.join('r', bob, 2);
        await registry.setLock('r', alice, { passcode: null });
        expect(await registry.join('r', carol, 2, { admitted: true })).toEqual({
          kind: 'full',
          userNum: 2,
        });
        expect(await registry.lockOf('r', 'carol')).toMatchObject({ admitted: false });
      });

      it('a passcode lets in only while the lock still has the matched hash', async () => {
        await registry.join('r', alice, 3);
        expect(await registry.setLock('r', alice, { passcode })).toEqual(withPasscode);
        expect(await registry.lockOf('r', 'bob')).toEqual({ lock: { passcode }, admitted: false });
        expect(await registry.join('r', bob, 3, { passcodeHash: 'not-it' })).toEqual({
          kind: 'locked',
        });
        expect(await registry.join('r', bob, 3, { passcodeHash: passcode.hash })).toMatchObject({
          kind: 'joined',
          lock: withPasscode,
        });
        // A new passcode (or none) and the old hash opens nothing any more.
        await registry.setLock('r', alice, { passcode: null });
        expect(await registry.join('r', carol, 3, { passcodeHash: passcode.hash })).toEqual({
          kind: 'locked',
        });
      });

      it('a join with lockWith locks an open room, once', async () => {
        expect(await registry.join('r', alice, 2, { lockWith: passcode })).toEqual({
          kind: 'joined',
          userNum: 1,
          peers: [],
          lock: withPasscode,
          lockedNow: true,
        });
        expect(await registry.lockOf('r', 'alice')).toEqual({ lock: { passcode }, admitted: true });
        // Whoever comes second finds it locked, passcode or not.
        const other = { salt: 'cc33', hash: 'dd44' };
        expect(await registry.join('r', bob, 2, { lockWith: other })).toEqual({ kind: 'locked' });
        expect(await registry.join('r', bob, 2, { passcodeHash: passcode.hash })).toMatchObject({
          kind: 'joined',
          lock: withPasscode,
        });
        expect(await registry.join('o', alice, 2)).toMatchObject({ lock: open });
        expect(await registry.join('o', bob, 2, { lockWith: other })).toMatchObject({
          lock: withPasscode,
          lockedNow: true,
        });
        expect(await registry.lockOf('o', 'alice')).toMatchObject({ admitted: true });
      });

      it('outlives its last member, so a reload finds it locked still', async () => {
        await registry.join('r', alice, 2);
        await registry.setLock('r', alice, { passcode: null });
        await registry.leave('r', 'alice', 's-alice');
        expect(await registry.size()).toBe(0);
        expect(await registry.join('r', carol, 2)).toEqual({ kind: 'locked' });
        expect(await registry.join('r', { userId: 'alice', socketId: 's-a2' }, 2)).toMatchObject({
          kind: 'joined',
          lock: knockOnly,
        });
      });

      it('opening lets anyone in again', async () => {
        await registry.join('r', alice, 2);
        await registry.setLock('r', alice, { passcode });
        expect(await registry.setLock('r', alice, null)).toEqual(open);
        expect(await registry.lockOf('r', 'carol')).toEqual({ lock: null, admitted: false });
        expect(await registry.join('r', carol, 2)).toMatchObject({ kind: 'joined', lock: open });
      });
    });

    describe('passcode tries', () => {
      it('are limited per room and per address, and a refunded try counts no more', async () => {
        const takes = async (roomId: string, address: string, n: number) => {
          const results: boolean[] = [];
          for (let i = 0; i < n; i += 1) {
            results.push(await registry.takePasscodeTry(roomId, address, limits));
          }
          return results;
        };
        expect(await takes('r', '192.0.2.1', 4)).toEqual([true, true, true, false]);
        // Another address hits the same room's limit; the first address may try other rooms.
        expect(await takes('r', '192.0.2.2', 1)).toEqual([false]);
        expect(await takes('s', '192.0.2.1', 3)).toEqual([true, true, false]);
        await registry.refundPasscodeTry('s', '192.0.2.1');
        expect(await takes('t', '192.0.2.1', 2)).toEqual([true, false]);
        expect(await takes('t', '192.0.2.3', 3)).toEqual([true, true, false]);
      });

      it('count exactly the limit under concurrent tries', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            registry.takePasscodeTry('busy', `198.51.100.${i}`, limits),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(limits.perRoom);
      });
    });
  });
}
