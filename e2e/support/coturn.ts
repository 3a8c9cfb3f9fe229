// A local coturn for `npm run turn`, the e2e tests and the relay benchmark: a generated config on
// loopback with TURN REST API credentials (use-auth-secret), started, watched, stopped and
// restarted on the same ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureProgram } from '../../scripts/system-deps.mjs';

export interface CoturnSettings {
  /** Address coturn listens and relays on. */
  ip: string;
  /** UDP and TCP listening port. */
  port: number;
  /** Relay (allocation) port range, inclusive. */
  minPort: number;
  maxPort: number;
  /** static-auth-secret: duet's server must have the same TURN_SECRET. */
  secret: string;
  realm: string;
  /** Where coturn keeps its pid file and (unused) SQLite db, so nothing lands in /var. */
  stateDir: string;
  /** More addresses coturn answers on (a second STUN address, for telling NAT kinds apart). */
  extraIps?: string[];
  /** TURN over TLS (`turns:`) on this port with this certificate. */
  tls?: { port: number; certFile: string; keyFile: string };
}

/**
 * turnserver.conf for a local relay. Each line is what a test on loopback needs; the README's
 * "Production TURN" section has the config for a public host.
 */
export function coturnConfig(s: CoturnSettings): string {
  const tls = s.tls
    ? [`tls-listening-port=${s.tls.port}`, `cert=${s.tls.certFile}`, `pkey=${s.tls.keyFile}`]
    : ['no-tls'];
  return [
    ...[s.ip, ...(s.extraIps ?? [])].map((ip) => `listening-ip=${ip}`),
    `relay-ip=${s.ip}`,
    `listening-port=${s.port}`,
    `min-port=${s.minPort}`,
    `max-port=${s.maxPort}`,
    // Both peers and the relay are on 127.0.0.1; coturn refuses loopback peers by default (403).
    'allow-loopback-peers',
    ...tls,
    'no-dtls',
    // No admin CLI (port 5766) and no RFC 5780 second port: nothing beyond the ports chosen here.
    'no-cli',
    'no-rfc5780',
    'fingerprint',
    `realm=${s.realm}`,
    'use-auth-secret',
    `static-auth-secret=${s.secret}`,
    'log-file=stdout',
    'simple-log',
    // Logs every allocation with its username: tests and users can see the relay being used.
    'verbose',
    `pidfile=${join(s.stateDir, 'turnserver.pid')}`,
    `userdb=${join(s.stateDir, 'turndb')}`,
    '',
  ].join('\n');
}

/** The env that points a duet server at this coturn: TURN over UDP and over TCP. */
export function duetTurnEnv(s: Pick<CoturnSettings, 'ip' | 'port' | 'secret' | 'tls'>): {
  TURN_URLS: string;
  TURN_SECRET: string;
} {
  const urls = [`turn:${s.ip}:${s.port}?transport=udp`, `turn:${s.ip}:${s.port}?transport=tcp`];
  if (s.tls) urls.push(`turns:${s.ip}:${s.tls.port}?transport=tcp`);
  return { TURN_URLS: urls.join(','), TURN_SECRET: s.secret };
}

export function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}

export interface RunningCoturn {
  settings: CoturnSettings;
  /** Every line coturn printed so far, across restarts. */
  logs: string[];
  /** Resolves with the first log line (from `fromLine` on) matching `pattern`. */
  waitForLog(pattern: RegExp, options?: { fromLine?: number; timeoutMs?: number }): Promise<string>;
  /** Stops coturn (SIGTERM, then SIGKILL after 5 s); the ports stay reserved for restart(). */
  stop(): Promise<void>;
  /** Starts coturn again on the same ports with the same secret. */
  restart(): Promise<void>;
  /** Stops coturn and removes its state directory. */
  dispose(): Promise<void>;
}

export interface StartCoturnOptions extends Partial<CoturnSettings> {
  /** Called with each log line as it arrives (e.g. to print it). */
  onLog?: (line: string) => void;
  /** Run it inside this named network namespace (the network lab's public side). */
  netns?: string;
}

const RELAY_PORTS = 40;

/** Starts coturn with a generated config; free ports are picked for what is not given. */
export async function startCoturn(options: StartCoturnOptions = {}): Promise<RunningCoturn> {
  const binary = ensureProgram('turnserver');
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port ?? (await freePort(ip));
  const relay =
    options.minPort !== undefined && options.maxPort !== undefined
      ? { minPort: options.minPort, maxPort: options.maxPort }
      : await freeUdpRange(ip, RELAY_PORTS, port);
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'duet-coturn-'));
  mkdirSync(stateDir, { recursive: true });
  const settings: CoturnSettings = {
    ip,
    port,
    ...relay,
    secret: options.secret ?? generateSecret(),
    realm: options.realm ?? 'duet.local',
    stateDir,
    ...(options.extraIps ? { extraIps: options.extraIps } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
  };
  const configFile = join(stateDir, 'turnserver.conf');
  writeFileSync(configFile, coturnConfig(settings), { mode: 0o600 });

  const logs: string[] = [];
  const waiters = new Set<() => void>();
  let child: ChildProcess | null = null;
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  const launch = async () => {
    const command = [binary, '-c', configFile];
    const [file, args] = options.netns
      ? ['ip', ['netns', 'exec', options.netns, ...command]]
      : [binary, command.slice(1)];
    const proc = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    for (const stream of [proc.stdout, proc.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        logs.push(line);
        options.onLog?.(line);
        for (const wake of waiters) wake();
      });
    }
    const from = logs.length;
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code, signal) =>
        reject(
          new Error(
            `coturn exited (${signal ?? code}) before listening:\n${logs.slice(from).join('\n')}`,
          ),
        ),
      ),
    );
    const listening = async () => {
      await waitForLog(new RegExp(`UDP listener opened on\\s*:\\s*${escape(`${ip}:${port}`)}`), {
        fromLine: from,
      });
      await waitForLog(new RegExp(`TCP listener opened on\\s*:\\s*${escape(`${ip}:${port}`)}`), {
        fromLine: from,
      });
    };
    exited.catch(() => {}); // it may exit later, on stop()
    try {
      await Promise.race([listening(), exited]);
    } catch (error) {
      // Up but not listening (a port taken?): do not leave it running.
      proc.kill('SIGKILL');
      throw error;
    }
  };

  const waitForLog: RunningCoturn['waitForLog'] = (
    pattern,
    { fromLine = 0, timeoutMs = 15_000 } = {},
  ) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const line = logs.slice(fromLine).find((l) => pattern.test(l));
        if (line === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(line);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`coturn never logged ${pattern} in ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    settings,
    logs,
    waitForLog,
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async dispose() {
      await stop();
      process.off('exit', killOnExit);
      if (options.stateDir === undefined) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A port free for both TCP and UDP on `ip`. */
async function freePort(ip: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, ip, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port > 0 && (await udpFree(ip, port))) return port;
  }
  throw new Error(`no free TCP+UDP port on ${ip}`);
}

/** `count` consecutive UDP ports that are free now, away from `avoid`. */
async function freeUdpRange(
  ip: string,
  count: number,
  avoid: number,
): Promise<{ minPort: number; maxPort: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const minPort = 20_000 + Math.floor(Math.random() * 1_000) * count;
    const maxPort = minPort + count - 1;
    if (avoid >= minPort && avoid <= maxPort) continue;
    const ports = Array.from({ length: count }, (_, i) => minPort + i);
    if ((await Promise.all(ports.map((p) => udpFree(ip, p)))).every(Boolean))
      return { minPort, maxPort };
  }
  throw new Error(`no free range of ${count} UDP ports on ${ip}`);
}

function udpFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, ip, () => socket.close(() => resolve(true)));
  });
}
