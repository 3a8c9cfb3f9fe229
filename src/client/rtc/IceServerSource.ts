// Holds the ICE servers a call uses and keeps their TURN credential fresh: the list from `joined`
// is replaced by a new one from /api/ice-servers before it expires, and on demand (before an ICE
// restart). Framework-free; timers and fetch are injected for tests.
import type { IceServer, IceServersResponse } from '../../shared/protocol';
import { hasCredentials, REFRESH_RETRY_MS, refreshDelayMs } from './iceServers';

export interface IceServerSourceOptions {
  fetch: () => Promise<IceServersResponse>;
  /** Called with every new list, e.g. to reconfigure the live RTCPeerConnection. */
  onUpdate: (iceServers: IceServer[]) => void;
  /** A refresh failed; the source retries by itself. */
  onError?: (error: Error) => void;
}

export class IceServerSource {
  private servers: IceServer[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: IceServerSourceOptions) {}

  get current(): IceServer[] {
    return this.servers;
  }

  /** A list with credentials valid `ttlSec` from now (from `joined` or a fetch). */
  set(iceServers: IceServer[], ttlSec: number): void {
    this.stopped = false;
    this.servers = iceServers;
    this.options.onUpdate(iceServers);
    // Nothing expires without a TURN credential.
    this.schedule(hasCredentials(iceServers) ? refreshDelayMs(ttlSec) : null);
  }

  /** Fetches a fresh list now and applies it; rejects (and retries later) when the fetch fails. */
  async refresh(): Promise<IceServer[]> {
    try {
      const { iceServers, ttl } = await this.options.fetch();
      if (!this.stopped) this.set(iceServers, ttl);
      return iceServers;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.options.onError?.(failure);
      if (!this.stopped) this.schedule(REFRESH_RETRY_MS);
      throw failure;
    }
  }

  /** No more refreshes (left the room, page closed). */
  stop(): void {
    this.stopped = true;
    this.schedule(null);
  }

  private schedule(delayMs: number | null): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (delayMs === null) return;
    this.timer = setTimeout(() => void this.refresh().catch(() => {}), delayMs);
  }
}
