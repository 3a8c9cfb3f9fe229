// Fresh ICE servers from the signaling server, and when to ask again. TURN credentials expire
// (TURN_TTL); coturn checks them only when an allocation is made, so a running call keeps going,
// but an ICE restart or the next call in a long-lived room needs an unexpired one.
import type { IceServer, IceServersResponse } from '../../shared/protocol';

export const ICE_SERVERS_PATH = '/api/ice-servers';

/** GET /api/ice-servers; rejects with a readable error on a bad answer. */
export async function fetchIceServers(fetchFn: typeof fetch = fetch): Promise<IceServersResponse> {
  const response = await fetchFn(ICE_SERVERS_PATH, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${ICE_SERVERS_PATH} answered ${response.status}`);
  const body = (await response.json()) as Partial<IceServersResponse>;
  if (!Array.isArray(body.iceServers) || typeof body.ttl !== 'number') {
    throw new Error(`${ICE_SERVERS_PATH} answered without iceServers and ttl`);
  }
  return { iceServers: body.iceServers, ttl: body.ttl };
}

/** Whether any server carries a credential that can expire. */
export function hasCredentials(iceServers: IceServer[]): boolean {
  return iceServers.some((server) => server.credential !== undefined);
}

/** Longest delay setTimeout keeps (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** When to fetch a new credential for one that lives `ttlSec`: at 80 % of its life, leaving room to retry. */
export function refreshDelayMs(ttlSec: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, ttlSec) * 800);
}

/** After a failed fetch, try again this soon. */
export const REFRESH_RETRY_MS = 30_000;
