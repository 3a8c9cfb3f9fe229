// A member's side of the room's lock: what the server says about it (joined, locked) and who
// knocks (knock, knockclosed) into the door store; lock, admit and decline out. Framework-free.
import type { DoorStoreApi } from '../store/doorStore';
import type { SignalServer } from './SignalServer';

export interface RoomDoorDeps {
  signal: Pick<SignalServer, 'on' | 'lock' | 'admit' | 'decline'>;
  store: DoorStoreApi;
  /** The room we are in or joining, or null. */
  room: () => string | null;
  now?: () => number;
}

export class RoomDoor {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly unsubscribers: Array<() => void>;

  constructor(private readonly deps: RoomDoorDeps) {
    const { signal, store } = deps;
    const mine = (roomId: string) => roomId === deps.room();
    this.unsubscribers = [
      signal.on(
        'joined',
        (p) => mine(p.roomId) && store.getState().lockChanged(p.locked, p.hasPasscode),
      ),
      signal.on(
        'locked',
        (p) => mine(p.roomId) && store.getState().lockChanged(p.locked, p.hasPasscode),
      ),
      signal.on('knock', (p) => {
        if (!mine(p.roomId)) return;
        const now = deps.now?.() ?? Date.now();
        store
          .getState()
          .knocked({ knockId: p.knockId, name: p.name, expiresAt: now + p.expiresInMs });
        // The server times the knock out by itself; the prompt goes at the same moment.
        this.timers.set(
          p.knockId,
          setTimeout(() => this.closed(p.knockId), p.expiresInMs),
        );
      }),
      signal.on('knockclosed', (p) => mine(p.roomId) && this.closed(p.knockId)),
    ];
  }

  /** Lock (with a passcode, or knock only) or open the room we are in. */
  setLock(locked: boolean, passcode?: string): void {
    const roomId = this.deps.room();
    if (roomId) this.deps.signal.lock(roomId, locked, passcode);
  }

  admit(knockId: string): void {
    const roomId = this.deps.room();
    if (roomId) this.deps.signal.admit(roomId, knockId);
  }

  decline(knockId: string): void {
    const roomId = this.deps.room();
    if (roomId) this.deps.signal.decline(roomId, knockId);
  }

  /** Out of the room: forget its lock and knocks. */
  left(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.deps.store.getState().reset();
  }

  dispose(): void {
    this.left();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  private closed(knockId: string): void {
    clearTimeout(this.timers.get(knockId));
    this.timers.delete(knockId);
    this.deps.store.getState().knockClosed(knockId);
  }
}
