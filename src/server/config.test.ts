import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { removeTempDirs, tempDir } from './testing/tempDirs.js';

afterEach(removeTempDirs);

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      tls: null,
      roomCapacity: 2,
      stunUrls: [],
      turnUrls: [],
      turnSecret: null,
      turnTtl: 86400,
      allowedOrigins: [],
      messageRate: 50,
      maxConnectionsPerIp: 1000,
      handshakeRate: 10,
      joinRate: 10,
      knockTimeout: 60,
      trustedProxies: [],
      redisUrl: null,
      logLevel: 'info',
    });
    expect(config.staticDir).toMatch(/client\/?$/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', TURN_URLS: ' ', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      turnUrls: [],
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      ROOM_CAPACITY: '3',
      STUN_URLS: 'stun:a.example:3478, stuns:b.example',
      TURN_URLS: 'turn:t.example:3478?transport=udp,turns:t.example:5349?transport=tcp',
      TURN_SECRET: 's3cret',
      TURN_TTL: '600',
      ALLOWED_ORIGINS: 'https://app.example, http://localhost:5173/',
      MESSAGE_RATE: '0',
      MAX_CONNECTIONS_PER_IP: '0',
      HANDSHAKE_RATE: '2.5',
      JOIN_RATE: '0',
      KNOCK_TIMEOUT: '20',
      TRUSTED_PROXIES: '10.0.0.9, fd00::/8,127.0.0.1',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'debug',
      STATIC_DIR: '/srv/duet',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      roomCapacity: 3,
      stunUrls: ['stun:a.example:3478', 'stuns:b.example'],
      turnUrls: ['turn:t.example:3478?transport=udp', 'turns:t.example:5349?transport=tcp'],
      turnSecret: 's3cret',
      turnTtl: 600,
      allowedOrigins: ['https://app.example', 'http://localhost:5173'],
      messageRate: 0,
      maxConnectionsPerIp: 0,
      handshakeRate: 2.5,
      joinRate: 0,
      knockTimeout: 20,
      trustedProxies: ['10.0.0.9', 'fd00::/8', '127.0.0.1'],
      redisUrl: 'redis://127.0.0.1:6379',
      logLevel: 'debug',
      staticDir: '/srv/duet',
    });
  });

  it('accepts readable TLS files', () => {
    const dir = tempDir('duet-tls-');
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    writeFileSync(cert, 'x');
    writeFileSync(key, 'x');
    expect(loadConfig({ TLS_CERT: cert, TLS_KEY: key }).tls).toEqual({
      certFile: cert,
      keyFile: key,
    });
  });

  it.each([
    [{ PORT: 'http' }, "PORT: 'http' is not a whole number from 0 to 65535"],
    [{ PORT: '70000' }, "PORT: '70000' is not a whole number from 0 to 65535"],
    [{ PORT: '-1' }, "PORT: '-1' is not a whole number from 0 to 65535"],
    [{ ROOM_CAPACITY: '1' }, "ROOM_CAPACITY: '1' is not a whole number from 2 to 1000"],
    [{ ROOM_CAPACITY: '2.5' }, "ROOM_CAPACITY: '2.5' is not a whole number from 2 to 1000"],
    [
      { MAX_CONNECTIONS_PER_IP: 'many' },
      "MAX_CONNECTIONS_PER_IP: 'many' is not a whole number from 0 to 1000000",
    ],
    [
      { TRUSTED_PROXIES: 'nginx' },
      "TRUSTED_PROXIES: 'nginx' is not an IP address or a range like 10.0.0.0/8",
    ],
    [
      { TRUSTED_PROXIES: '10.0.0.0/33' },
      "TRUSTED_PROXIES: '10.0.0.0/33' is not an IP address or a range like 10.0.0.0/8",
    ],
    [{ TURN_TTL: '0' }, "TURN_TTL: '0' is not a whole number from 60 to 31536000"],
    [{ TLS_CERT: '/c.pem' }, 'TLS_CERT is set but TLS_KEY is missing'],
    [{ TLS_KEY: '/k.pem' }, 'TLS_KEY is set but TLS_CERT is missing'],
    [{ TLS_CERT: '/nope/c.pem', TLS_KEY: '/nope/k.pem' }, "TLS_CERT: cannot read '/nope/c.pem'"],
    [{ STUN_URLS: 'http://x' }, "STUN_URLS: 'http://x' is not a stun:/stuns: URL"],
    [{ STUN_URLS: 'stun:ok,turn:x' }, "STUN_URLS: 'turn:x' is not a stun:/stuns: URL"],
    [{ TURN_URLS: 'stun:x', TURN_SECRET: 's' }, "TURN_URLS: 'stun:x' is not a turn:/turns: URL"],
    [{ TURN_URLS: 'turn:x' }, 'TURN_URLS is set but TURN_SECRET is missing'],
    [
      { ALLOWED_ORIGINS: 'example.com' },
      "ALLOWED_ORIGINS: 'example.com' is not an origin like https://example.com",
    ],
    [
      { ALLOWED_ORIGINS: 'https://a.example/app' },
      "ALLOWED_ORIGINS: 'https://a.example/app' is not an origin like https://example.com",
    ],
    [
      { MESSAGE_RATE: 'fast' },
      "MESSAGE_RATE: 'fast' is not a number of events per second (0 = off)",
    ],
    [{ MESSAGE_RATE: '-5' }, "MESSAGE_RATE: '-5' is not a number of events per second (0 = off)"],
    [{ HANDSHAKE_RATE: 'x' }, "HANDSHAKE_RATE: 'x' is not a number of events per second (0 = off)"],
    [{ JOIN_RATE: '1e3' }, "JOIN_RATE: '1e3' is not a number of events per second (0 = off)"],
    [{ KNOCK_TIMEOUT: '0' }, "KNOCK_TIMEOUT: '0' is not a whole number from 1 to 3600"],
    [
      { REDIS_URL: 'localhost:6379' },
      "REDIS_URL: 'localhost:6379' is not a redis:// or rediss:// URL",
    ],
    [
      { REDIS_URL: 'redis://cache:port' },
      "REDIS_URL: 'redis://cache:port' is not a valid URL (redis://[user:password@]host[:port][/db])",
    ],
    [
      { REDIS_URL: 'redis://cache:6379/rooms' },
      "REDIS_URL: 'redis://cache:6379/rooms' has a path other than a database number like '/0'",
    ],
    [
      { LOG_LEVEL: 'loud' },
      "LOG_LEVEL: 'loud' is not one of fatal, error, warn, info, debug, trace, silent",
    ],
  ])('refuses %j in one line', (env, message) => {
    const error = configError(env);
    expect(error).toBe(message);
    expect(error).not.toContain('\n');
  });
});
