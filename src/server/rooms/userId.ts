import { createHash } from 'node:crypto';

const USER_ID_LENGTH = 16;

/**
 * The id peers see. With a clientId it is a one-way hash of it: stable across reloads so the
 * seat can be taken over, yet a peer who sees it cannot recover the clientId and steal the seat.
 */
export function userIdFor(clientId: string | undefined, socketId: string): string {
  if (clientId === undefined) return socketId;
  return createHash('sha256')
    .update(`duet-user:${clientId}`)
    .digest('base64url')
    .slice(0, USER_ID_LENGTH);
}
