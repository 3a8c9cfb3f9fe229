// ICE servers for clients. TURN credentials follow the TURN REST API that coturn checks with
// `use-auth-secret`: username "<expiry unix seconds>:<id>", password base64(HMAC-SHA1(secret,
// username)). Clients get short-lived credentials; the secret itself never leaves the server.
import { createHmac } from 'node:crypto';
import type { IceServer, IceServersResponse } from '../shared/protocol.js';
import type { Config } from './config.js';

export interface TurnCredential {
  username: string;
  credential: string;
}

export function turnCredential(secret: string, id: string, expiresAtSec: number): TurnCredential {
  const username = `${expiresAtSec}:${id}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

type IceConfig = Pick<Config, 'stunUrls' | 'turnUrls' | 'turnSecret' | 'turnTtl'>;

/** STUN urls as they are, TURN urls with a credential for `id` valid `turnTtl` seconds from now. */
export function iceServersFor(config: IceConfig, id: string, nowMs: number): IceServersResponse {
  const iceServers: IceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: config.stunUrls });
  if (config.turnUrls.length > 0 && config.turnSecret !== null) {
    const expiresAtSec = Math.floor(nowMs / 1000) + config.turnTtl;
    iceServers.push({
      urls: config.turnUrls,
      ...turnCredential(config.turnSecret, id, expiresAtSec),
    });
  }
  return { iceServers, ttl: config.turnTtl };
}
