// When and how often a broken connection is repaired with an ICE restart, for one connection.
// Kept apart from CallController so the schedule can be tested with fake timers.

/** ICE `disconnected` often heals by itself within a second or two; past this, restart it. */
export const ICE_DISCONNECTED_GRACE_MS = 2000;
/** While the connection is down, a new ICE restart this often (a relay may be back)... */
export const ICE_RESTART_INTERVAL_MS = 4000;
/** ...this many times (about 20 s in all), then the user is told and offered Retry. */
export const MAX_ICE_RESTARTS = 5;

export interface IceRecoveryDeps {
  /**
   * Only the impolite side restarts (two restarting at once would collide); the polite side keeps
   * the same count so both say the same thing at about the same time.
   */
  polite: boolean;
  /** ICE is up: nothing to repair. */
  isConnected(): boolean;
  /** Restart ICE now. */
  restart(): void;
  /** Restart round `attempt` (1…MAX_ICE_RESTARTS) is under way. */
  reconnecting(attempt: number): void;
  /** Every restart failed. */
  gaveUp(): void;
}

export class IceRecovery {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private restarts = 0;
  private stopped = false;

  constructor(private readonly deps: IceRecoveryDeps) {}

  /** Restarts so far in this outage. */
  get attempts(): number {
    return this.restarts;
  }

  iceStateChanged(state: RTCIceConnectionState): void {
    if (state === 'connected' || state === 'completed') {
      this.cancel();
      this.restarts = 0;
    } else if (state === 'disconnected') {
      this.schedule(ICE_DISCONNECTED_GRACE_MS);
    } else if (state === 'failed') {
      // Failed will not heal by itself: no point sitting out the rest of the grace period.
      if (this.restarts === 0) this.cancel();
      this.schedule(0);
    }
  }

  /**
   * A call starts on a connection that broke while idle (and may have used up its restarts):
   * a fresh round of restarts, at once.
   */
  renew(): void {
    if (this.deps.isConnected() || this.restarts === 0) return;
    this.cancel();
    this.restarts = 0;
    this.schedule(0);
  }

  /**
   * Something that a waiting restart needed is back (the signaling path to the peer): restart now
   * rather than at the planned time. Does nothing unless a restart is pending.
   */
  retryNow(): void {
    if (this.stopped || this.timer === undefined || this.deps.isConnected()) return;
    this.cancel();
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A restart already pending keeps its time: restarts never come closer than planned. */
  private schedule(delayMs: number): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.attempt();
    }, delayMs);
  }

  private attempt(): void {
    if (this.stopped || this.deps.isConnected()) return;
    if (this.restarts >= MAX_ICE_RESTARTS) {
      this.deps.gaveUp();
      return;
    }
    this.restarts += 1;
    this.deps.reconnecting(this.restarts);
    if (!this.deps.polite) this.deps.restart();
    this.schedule(ICE_RESTART_INTERVAL_MS);
  }
}
