// Holds the ICE servers a call uses and keeps their TURN credential fresh: the list from `joined`
// is replaced by a new one from /api/ice-servers before it expires, and on demand (before an ICE
// restart). Each fetch proves room membership with the latest token the server gave (`joined`'s
// iceToken, then the one each answer brings). Framework-free; timers and fetch are injected.
import type { IceServer, IceServersResponse } from '../../shared/protocol';
import { hasCredentials, NotInRoomError, REFRESH_RETRY_MS, refreshDelayMs } from './iceServers';

export interface IceServerSourceOptions {
  fetch: (token: string) => Promise<IceServersResponse>;
  /** Called with every new list, e.g. to reconfigure the live RTCPeerConnection. */
  onUpdate: (iceServers: IceServer[]) => void;
  /** A refresh failed; the source retries by itself. */
  onError?: (error: Error) => void;
}

export class IceServerSource {
  private servers: IceServer[] = [];
  private token: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: IceServerSourceOptions) {}

  get current(): IceServer[] {
    return this.servers;
  }

  /** A list with credentials valid `ttlSec` from now (from `joined` or a fetch). */
  set(iceServers: IceServer[], ttlSec: number, token?: string): void {
    this.stopped = false;
    this.servers = iceServers;
    if (token !== undefined) this.token = token;
    this.options.onUpdate(iceServers);
    // Nothing expires without a TURN credential.
    this.schedule(hasCredentials(iceServers) ? refreshDelayMs(ttlSec) : null);
  }

  /**
   * Fetches a fresh list now and applies it; rejects (and retries later) when the fetch fails,
   * and with NotInRoomError at once outside a room.
   */
  async refresh(): Promise<IceServer[]> {
    const token = this.token;
    if (token === null || this.stopped) throw new NotInRoomError();
    try {
      const { iceServers, ttl, token: fresh } = await this.options.fetch(token);
      if (!this.stopped) this.set(iceServers, ttl, fresh);
      return iceServers;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.options.onError?.(failure);
      if (!this.stopped) this.schedule(REFRESH_RETRY_MS);
      throw failure;
    }
  }

  /** No more refreshes, and no more proof (left the room, page closed). */
  stop(): void {
    this.stopped = true;
    this.token = null;
    this.schedule(null);
  }

  private schedule(delayMs: number | null): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (delayMs === null) return;
    this.timer = setTimeout(() => void this.refresh().catch(() => {}), delayMs);
  }
}
