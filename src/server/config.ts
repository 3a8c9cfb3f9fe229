// Server configuration from environment variables (SPEC.md, "Configuration"). Every problem is
// reported as one ConfigError line, so a misconfigured server fails at start, not on first call.
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LevelWithSilent } from 'pino';
import { parseProxyEntry } from './clientAddress.js';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface Config {
  port: number;
  host: string;
  /** PEM files for HTTPS/WSS; null serves plain HTTP. */
  tls: TlsFiles | null;
  roomCapacity: number;
  stunUrls: string[];
  turnUrls: string[];
  /** coturn static-auth-secret; never sent to clients. */
  turnSecret: string | null;
  /** Seconds a TURN credential stays valid. */
  turnTtl: number;
  /** Origins a browser may open a socket from, besides the server's own; '*' allows any. */
  allowedOrigins: string[];
  /** Per-socket events per second (bursts of twice that); 0 turns the limit off. */
  messageRate: number;
  /** Open connections one client IP may hold; 0 turns the cap off. */
  maxConnectionsPerIp: number;
  /** New connections one client IP may open per second (bursts of RATE_BURST_SECONDS' worth); 0 = off. */
  handshakeRate: number;
  /** Joins (and knocks) one client IP may send per second, bursts as above; 0 = off. */
  joinRate: number;
  /** Seconds a knock at a locked room waits for a member's answer. */
  knockTimeout: number;
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client. */
  trustedProxies: string[];
  redisUrl: string | null;
  logLevel: LevelWithSilent;
  /** The built SPA served at `/`. */
  staticDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS: readonly LevelWithSilent[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];
const STUN_URL = /^stuns?:[^\s?,]+$/i;
const TURN_URL = /^turns?:[^\s?,]+(\?transport=(udp|tcp))?$/i;
const MAX_ROOM_CAPACITY = 1000;
/** Per-address rates allow bursts of this many seconds' worth: a crowd arriving at once. */
export const RATE_BURST_SECONDS = 30;

// The server compiles to dist/server/server/config.js and Vite builds the SPA to dist/client/.
const BUILT_CLIENT_DIR = fileURLToPath(new URL('../../client/', import.meta.url));

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const turnUrls = urlList('TURN_URLS', read('TURN_URLS'), TURN_URL, 'turn:/turns:');
  const turnSecret = read('TURN_SECRET') ?? null;
  if (turnUrls.length > 0 && turnSecret === null) {
    throw new ConfigError('TURN_URLS is set but TURN_SECRET is missing');
  }

  const staticDir = read('STATIC_DIR');
  return {
    port: integer('PORT', read('PORT'), 3000, 0, 65535),
    host: read('HOST') ?? '0.0.0.0',
    tls: tlsFiles(read('TLS_CERT'), read('TLS_KEY')),
    roomCapacity: integer('ROOM_CAPACITY', read('ROOM_CAPACITY'), 2, 2, MAX_ROOM_CAPACITY),
    stunUrls: urlList('STUN_URLS', read('STUN_URLS'), STUN_URL, 'stun:/stuns:'),
    turnUrls,
    turnSecret,
    turnTtl: integer('TURN_TTL', read('TURN_TTL'), 86400, 60, 365 * 86400),
    allowedOrigins: origins(read('ALLOWED_ORIGINS')),
    messageRate: rate('MESSAGE_RATE', read('MESSAGE_RATE'), 50),
    // Hundreds of people can share one address (CGNAT, offices, campuses): the cap is only
    // against one address exhausting the server; the rates below are the anti-abuse limits.
    maxConnectionsPerIp: integer(
      'MAX_CONNECTIONS_PER_IP',
      read('MAX_CONNECTIONS_PER_IP'),
      1000,
      0,
      1_000_000,
    ),
    handshakeRate: rate('HANDSHAKE_RATE', read('HANDSHAKE_RATE'), 10),
    joinRate: rate('JOIN_RATE', read('JOIN_RATE'), 10),
    knockTimeout: integer('KNOCK_TIMEOUT', read('KNOCK_TIMEOUT'), 60, 1, 3600),
    trustedProxies: trustedProxies(read('TRUSTED_PROXIES')),
    redisUrl: redisUrl(read('REDIS_URL')),
    logLevel: logLevel(read('LOG_LEVEL')),
    staticDir: staticDir === undefined ? BUILT_CLIENT_DIR : resolve(staticDir),
  };
}

function integer(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name}: '${raw}' is not a whole number from ${min} to ${max}`);
  }
  return value;
}

function rate(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value)) {
    throw new ConfigError(`${name}: '${raw}' is not a number of events per second (0 = off)`);
  }
  return value;
}

function list(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function urlList(name: string, raw: string | undefined, shape: RegExp, schemes: string): string[] {
  const urls = list(raw);
  const bad = urls.find((url) => !shape.test(url));
  if (bad !== undefined) throw new ConfigError(`${name}: '${bad}' is not a ${schemes} URL`);
  return urls;
}

function origins(raw: string | undefined): string[] {
  return list(raw).map((entry) => {
    if (entry === '*') return entry;
    const origin = originOf(entry);
    if (origin === null) {
      throw new ConfigError(
        `ALLOWED_ORIGINS: '${entry}' is not an origin like https://example.com`,
      );
    }
    return origin;
  });
}

/** `scheme://host[:port]` normalized the way browsers send it in `Origin`, or null. */
function originOf(entry: string): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
  return bare && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : null;
}

function trustedProxies(raw: string | undefined): string[] {
  const entries = list(raw);
  const bad = entries.find((entry) => parseProxyEntry(entry) === null);
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUSTED_PROXIES: '${bad}' is not an IP address or a range like 10.0.0.0/8`,
    );
  }
  return entries;
}

function tlsFiles(certFile: string | undefined, keyFile: string | undefined): TlsFiles | null {
  if (certFile === undefined && keyFile === undefined) return null;
  if (keyFile === undefined) throw new ConfigError('TLS_CERT is set but TLS_KEY is missing');
  if (certFile === undefined) throw new ConfigError('TLS_KEY is set but TLS_CERT is missing');
  for (const [name, file] of [
    ['TLS_CERT', certFile],
    ['TLS_KEY', keyFile],
  ] as const) {
    try {
      accessSync(file, constants.R_OK);
    } catch {
      throw new ConfigError(`${name}: cannot read '${file}'`);
    }
  }
  return { certFile: resolve(certFile), keyFile: resolve(keyFile) };
}

function redisUrl(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const bad = (why: string) => new ConfigError(`REDIS_URL: '${raw}' ${why}`);
  if (!/^rediss?:\/\/\S+$/.test(raw)) throw bad('is not a redis:// or rediss:// URL');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad('is not a valid URL (redis://[user:password@]host[:port][/db])');
  }
  if (url.hostname === '') throw bad('has no host');
  // ioredis reads the path as the database number.
  if (!/^(\/\d*)?$/.test(url.pathname)) {
    throw bad("has a path other than a database number like '/0'");
  }
  return raw;
}

function logLevel(raw: string | undefined): LevelWithSilent {
  if (raw === undefined) return 'info';
  const level = LOG_LEVELS.find((name) => name === raw.toLowerCase());
  if (level === undefined) {
    throw new ConfigError(`LOG_LEVEL: '${raw}' is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return level;
}
