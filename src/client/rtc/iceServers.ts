// Fresh ICE servers from the signaling server, and when to ask again. TURN credentials expire
// (TURN_TTL); coturn checks them only when an allocation is made, so a running call keeps going,
// but an ICE restart or the next call in a long-lived room needs an unexpired one. The server
// hands them to room members only: the request carries the `iceToken` of `joined`.
import type { IceServer, IceServersResponse } from '../../shared/protocol';

export const ICE_SERVERS_PATH = '/api/ice-servers';

/** Not in a room (or no longer): no membership to prove. */
export class NotInRoomError extends Error {
  override name = 'NotInRoomError';
  constructor() {
    super('join a room first: the relay credential is given to room members only');
  }
}

/**
 * GET /api/ice-servers with the membership token; rejects with a readable error on a bad
 * answer (401: the token is not, or no longer, a member's).
 */
export async function fetchIceServers(
  token: string,
  fetchFn: typeof fetch = fetch,
): Promise<IceServersResponse> {
  const response = await fetchFn(ICE_SERVERS_PATH, {
    cache: 'no-store',
    headers: { Authorization: `Bearer ${token}` },
  });
  if (response.status === 401) throw new NotInRoomError();
  if (!response.ok) throw new Error(`${ICE_SERVERS_PATH} answered ${response.status}`);
  const body = (await response.json()) as Partial<IceServersResponse>;
  if (!Array.isArray(body.iceServers) || typeof body.ttl !== 'number') {
    throw new Error(`${ICE_SERVERS_PATH} answered without iceServers and ttl`);
  }
  const fresh = typeof body.token === 'string' ? { token: body.token } : {};
  return { iceServers: body.iceServers, ttl: body.ttl, ...fresh };
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
