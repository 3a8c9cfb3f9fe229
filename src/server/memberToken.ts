// Proof of room membership for GET /api/ice-servers: a token given in `joined`, bound to the
// room, the seat's user and the socket that holds it. It is signed (HMAC-SHA256) with a key every
// node shares (kept in Redis in a cluster, see cluster.ts), so any node can check the signature;
// the caller then checks that the socket still holds the seat, so a token dies with its seat.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface MemberClaim {
  roomId: string;
  userId: string;
  socketId: string;
  /** Unix seconds after which the token is refused even if the seat is still held. */
  expiresAtSec: number;
}

const KEY_BYTES = 32;

/** A fresh key for a node that shares it with nobody (a single node). */
export function newTokenKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export class MemberTokens {
  constructor(private readonly key: Buffer) {
    if (key.length < KEY_BYTES) throw new Error(`a token key needs ${KEY_BYTES} bytes`);
  }

  issue(claim: MemberClaim): string {
    const body = Buffer.from(
      JSON.stringify([claim.roomId, claim.userId, claim.socketId, claim.expiresAtSec]),
    ).toString('base64url');
    return `${body}.${this.sign(body).toString('base64url')}`;
  }

  /** The claim of a token this key signed and that has not expired, else null. */
  verify(token: string, nowMs: number): MemberClaim | null {
    const [body, signature, extra] = token.split('.');
    if (body === undefined || signature === undefined || extra !== undefined) return null;
    const expected = this.sign(body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claim = decode(body);
    return claim !== null && claim.expiresAtSec * 1000 > nowMs ? claim : null;
  }

  private sign(body: string): Buffer {
    return createHmac('sha256', this.key).update(`duet-member:${body}`).digest();
  }
}

function decode(body: string): MemberClaim | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [roomId, userId, socketId, expiresAtSec] = value as unknown[];
    if (typeof roomId !== 'string' || typeof userId !== 'string') return null;
    if (typeof socketId !== 'string' || typeof expiresAtSec !== 'number') return null;
    return { roomId, userId, socketId, expiresAtSec };
  } catch {
    return null;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_.-]{1,2048})$/.exec(header?.trim() ?? '');
  return match?.[1] ?? null;
}
