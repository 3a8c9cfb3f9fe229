// GET /api/ice-servers: fresh ICE servers for a proven room member. The proof is the `iceToken`
// of `joined` (Authorization: Bearer …), checked on any node: its signature, then that its socket
// still holds its seat. Without it the answer is 401 and carries no TURN credential. Requests
// are limited per client address, so nobody mints credentials in bulk.
import type { IncomingMessage } from 'node:http';
import { AddressRate } from './addressRate.js';
import { ClientAddresses } from './clientAddress.js';
import type { Config } from './config.js';
import { iceServersFor } from './ice.js';
import { bearerToken, type MemberClaim, type MemberTokens } from './memberToken.js';
import { noMetrics, type SignalingMetrics } from './metrics.js';
import type { RoomRegistry } from './rooms/registry.js';

/** Requests per client address: one a second on average, 60 at once. */
export const ICE_REQUEST_RATE = 1;
export const ICE_REQUEST_BURST = 60;

export interface IceRouteDeps {
  config: Pick<Config, 'stunUrls' | 'turnUrls' | 'turnSecret' | 'turnTtl' | 'trustedProxies'>;
  tokens: MemberTokens;
  registry: Pick<RoomRegistry, 'members'>;
  metrics?: SignalingMetrics;
}

type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

export function iceServersRoute({ config, tokens, registry, metrics = noMetrics }: IceRouteDeps) {
  const clients = new ClientAddresses(config.trustedProxies);
  const requests = new AddressRate(ICE_REQUEST_RATE, ICE_REQUEST_BURST);

  const holdsSeat = async (claim: MemberClaim): Promise<boolean> =>
    (await registry.members(claim.roomId)).some(
      (seat) => seat.userId === claim.userId && seat.socketId === claim.socketId,
    );

  return async (req: IncomingMessage, reply: Reply): Promise<void> => {
    if (!requests.take(clients.of(req))) {
      metrics.credentialRefused('rate');
      return reply(
        429,
        { error: 'too many requests from this address; try again in a minute' },
        { 'Retry-After': '60' },
      );
    }
    const now = Date.now();
    const token = bearerToken(req.headers.authorization);
    const claim = token === null ? null : tokens.verify(token, now);
    let member: boolean;
    try {
      member = claim !== null && (await holdsSeat(claim));
    } catch {
      return reply(503, { error: 'the room registry is unavailable; try again shortly' });
    }
    if (claim === null || !member) {
      metrics.credentialRefused('no-proof');
      return reply(
        401,
        {
          error:
            'ICE servers are for room members: send the iceToken of your joined event as Authorization: Bearer <iceToken>',
        },
        { 'WWW-Authenticate': 'Bearer realm="duet"' },
      );
    }
    const body = iceServersFor(config, claim.userId, now);
    const fresh = tokens.issue({ ...claim, expiresAtSec: Math.floor(now / 1000) + body.ttl });
    if (body.iceServers.some((server) => server.credential !== undefined)) {
      metrics.credentialIssued('http');
    }
    reply(200, { ...body, token: fresh });
  };
}

export type IceServersRoute = ReturnType<typeof iceServersRoute>;
