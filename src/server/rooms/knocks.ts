// Knocks waiting on this node: joiners at a locked room until a member answers or time runs out.
// A member on any node answers; its node settles the knock here directly, or through the cluster
// (`knockanswer`) when the knocker's socket is on another node.
import { randomBytes } from 'node:crypto';
import type { KnockOutcome } from '../../shared/protocol.js';

/** What a member's answer does to a knock. */
export type KnockAnswer = Extract<KnockOutcome, 'admitted' | 'declined'>;

export interface Knock {
  knockId: string;
  roomId: string;
  socketId: string;
  /** When the knock times out (performance.now() clock). */
  deadline: number;
}

/** How long a knock waits for an answer. The same for every locked room, with members or not. */
export const KNOCK_TIMEOUT_MS = 60_000;

export class KnockBook {
  private readonly pending = new Map<
    string,
    { knock: Knock; timer: NodeJS.Timeout; settled: Settle }
  >();

  constructor(private readonly timeoutMs = KNOCK_TIMEOUT_MS) {}

  get timeout(): number {
    return this.timeoutMs;
  }

  /** Starts a knock; `settled` runs once, with how it ended (or 'withdrawn' by withdraw()). */
  open(roomId: string, socketId: string, settled: Settle): Knock {
    const knockId = randomBytes(16).toString('base64url');
    const knock = { knockId, roomId, socketId, deadline: performance.now() + this.timeoutMs };
    const timer = setTimeout(() => this.settle(knockId, roomId, 'timeout'), this.timeoutMs);
    timer.unref();
    this.pending.set(knockId, { knock, timer, settled });
    return knock;
  }

  /** A member's answer, or the timeout; false when no such knock for `roomId` waits here. */
  settle(knockId: string, roomId: string, outcome: KnockOutcome): boolean {
    const entry = this.pending.get(knockId);
    // A member of one room cannot answer knocks at another by naming their id.
    if (entry === undefined || entry.knock.roomId !== roomId) return false;
    this.pending.delete(knockId);
    clearTimeout(entry.timer);
    entry.settled(outcome, entry.knock);
    return true;
  }

  /** The knocker went away or gave up. */
  withdraw(knockId: string): void {
    const entry = this.pending.get(knockId);
    if (entry !== undefined) this.settle(knockId, entry.knock.roomId, 'withdrawn');
  }

  get size(): number {
    return this.pending.size;
  }
}

type Settle = (outcome: KnockOutcome, knock: Knock) => void;
