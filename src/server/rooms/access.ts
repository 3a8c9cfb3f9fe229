// Joining with a passcode: into a locked room it must match (counted against the room's and the
// address's limit of wrong tries); into an open room it locks the room with it (a link shared
// ahead of time: whoever comes first sets the lock). What a wrong passcode answers, and how long
// it takes, does not depend on whether the locked room has members or a passcode at all.
import type { DeniedReason } from '../../shared/protocol.js';
import type { AddressRate } from '../addressRate.js';
import { hashPasscode, passcodeMatches, PASSCODE_TRY_LIMITS } from './passcode.js';
import type { JoinGrant, JoinResult, RoomRegistry, Seat } from './registry.js';

export type PasscodeJoin = JoinResult | { kind: 'denied'; reason: DeniedReason };

export interface PasscodeJoinDeps {
  registry: RoomRegistry;
  /** scrypt work one address may ask of this node. */
  checksPerAddress: AddressRate;
}

/** Joins `seat` with `passcode`; `address` is the joiner's, for the limits. */
export async function joinWithPasscode(
  deps: PasscodeJoinDeps,
  roomId: string,
  seat: Seat,
  capacity: number,
  passcode: string,
  address: string,
): Promise<PasscodeJoin> {
  // Twice at most: someone may lock the open room between our look and our join (both people
  // opening the shared link at once); the second round checks the passcode against that lock.
  for (let round = 0; round < 2; round += 1) {
    const verdict = await grantFor(deps, roomId, seat.userId, passcode, address);
    if ('reason' in verdict) return { kind: 'denied', reason: verdict.reason };
    const result = await deps.registry.join(roomId, seat, capacity, verdict);
    if (result.kind !== 'locked') return result;
    // The lock we matched changed meanwhile: the passcode is not the room's any more.
    if (verdict.lockWith === undefined) break;
  }
  return { kind: 'denied', reason: 'passcode' };
}

async function grantFor(
  { registry, checksPerAddress }: PasscodeJoinDeps,
  roomId: string,
  userId: string,
  passcode: string,
  address: string,
): Promise<JoinGrant | { reason: DeniedReason }> {
  const { lock, admitted } = await registry.lockOf(roomId, userId);
  // Let in before (a reload): no passcode needed, no try used up.
  if (admitted) return {};
  if (!checksPerAddress.take(address)) return { reason: 'throttled' };
  if (lock === null) return { lockWith: await hashPasscode(passcode) };
  if (!(await registry.takePasscodeTry(roomId, address, PASSCODE_TRY_LIMITS))) {
    return { reason: 'throttled' };
  }
  // A lock without a passcode costs the same scrypt and never matches.
  if (!(await passcodeMatches(passcode, lock.passcode)) || lock.passcode === null) {
    return { reason: 'passcode' };
  }
  await registry.refundPasscodeTry(roomId, address);
  return { passcodeHash: lock.passcode.hash };
}
