// npm run bench:flood [-- --pairs N --rounds M --flood-nice K]
// Does a flood from one address slow everyone else? duet's built server runs with its default
// limits (MAX_CONNECTIONS_PER_IP, HANDSHAKE_RATE, JOIN_RATE, MESSAGE_RATE as shipped). Honest
// clients from 127.0.0.2 connect, join rooms of two and bounce relayed messages (paced, like
// trickle ICE); first on a quiet server, then, in the same run, while scripts/bench-flood-attacker.mjs
// floods from 127.0.0.3 in its own process (connections as fast as it can open them, and from every
// connection it gets, joins at made-up rooms and messages without end).
// A control phase in between runs the same flood at a second server process on this machine, so
// the honest clients meet the machine's load but their server does none of the flood's work.
// Prints JSON: per phase, the honest clients' connect → joined time and relay round trip (p50/p99),
// how many got in at the first try, the server's CPU; and what the flood managed and was refused.
// The server must stay up and every honest client must get in (the exit code says so).
// The attacker shares this machine's cores with the server and the honest clients; a real one
// does not. --flood-nice K runs it at nice K (19: it gets only what the others leave), so the
// figures show what the flood costs the server rather than what it takes from the cores.
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { io as connectSocketIo, type Socket } from 'socket.io-client';
import {
  cpuMicros,
  DUET_ENTRY,
  integerOption,
  p50p99,
  serveFlags,
  spawnServer,
} from './bench-signal-load.js';

const HONEST_ADDRESS = '127.0.0.2';
const FLOOD_ADDRESS = '127.0.0.3';
/** A relay in the honest phase waits this long after each echo (trickle ICE, not a stress). */
const PACE_MS = 50;
/** The flood runs this long before the honest clients arrive, so they meet it at full force. */
const FLOOD_HEAD_START_MS = 2000;
const TIMEOUT_MS = 30_000;

// duet's shipped limits, stated here so the run does not depend on the shell's environment.
const SHIPPED_LIMITS = {
  MESSAGE_RATE: '50',
  MAX_CONNECTIONS_PER_IP: '1000',
  HANDSHAKE_RATE: '10',
  JOIN_RATE: '10',
};

interface Phase {
  joinMs: { p50: number; p99: number };
  relayRttMs: { p50: number; p99: number };
  joined: number;
  refused: number;
  lost: number;
  serverCpuMs: number;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS),
    ),
  ]);
}

/** One honest member: connects from HONEST_ADDRESS and joins `roomId`; resolves with the time it took. */
async function honestMember(url: string, roomId: string): Promise<{ socket: Socket; ms: number }> {
  const started = performance.now();
  const socket = connectSocketIo(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress: HONEST_ADDRESS,
  } as Parameters<typeof connectSocketIo>[1]);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    }),
    'connect',
  );
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('joined', () => resolve());
      socket.once('full', () => reject(new Error(`${roomId} full`)));
      socket.once('error', (e: { code: string }) => reject(new Error(`join refused: ${e.code}`)));
      socket.emit('join', { roomId });
    }),
    'join',
  );
  return { socket, ms: performance.now() - started };
}

/** `pairs` rooms of two honest members, each pair bouncing `rounds` relayed messages. */
async function honestPhase(
  url: string,
  pid: number,
  tag: string,
  pairs: number,
  rounds: number,
): Promise<Phase> {
  const cpuBefore = cpuMicros(pid);
  const joinMs: number[] = [];
  const rtts: number[] = [];
  let refused = 0;
  let lost = 0;
  const sockets: Socket[] = [];
  await Promise.all(
    Array.from({ length: pairs }, async (_, i) => {
      const roomId = `${tag}-${i}`;
      let a, b;
      try {
        a = await honestMember(url, roomId);
        b = await honestMember(url, roomId);
      } catch {
        refused += 1;
        return;
      }
      sockets.push(a.socket, b.socket);
      joinMs.push(a.ms, b.ms);
      // b echoes what it gets; a times each round trip.
      b.socket.on('message', (data: unknown) =>
        b.socket.emit('message', { roomId, data: { type: 'candidate', value: data } }),
      );
      for (let round = 0; round < rounds; round += 1) {
        const sent = performance.now();
        const echoed = new Promise<void>((resolve) => a.socket.once('message', () => resolve()));
        a.socket.emit('message', {
          roomId,
          data: { type: 'candidate', value: { candidate: `probe ${round}`, sdpMid: '0' } },
        });
        try {
          await withTimeout(echoed, 'relay');
          rtts.push(performance.now() - sent);
        } catch {
          lost += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, PACE_MS));
      }
    }),
  );
  for (const socket of sockets) socket.disconnect();
  return {
    joinMs: p50p99(joinMs),
    relayRttMs: p50p99(rtts),
    joined: joinMs.length,
    refused,
    lost,
    serverCpuMs: Math.round((cpuMicros(pid) - cpuBefore) / 1000),
  };
}

interface FloodReport {
  attempts: number;
  admitted: number;
  refusedAtHandshake: number;
  joinsSent: number;
  /** `error` answers of any kind (rate-limited joins and messages, the disconnect notice). */
  errorsReceived: number;
  messagesSent: number;
  disconnectedByServer: number;
}

/** Starts the attacker process; stop() ends it and returns what it counted. */
function startFlood(url: string, nice: number) {
  const child = fork(new URL('./bench-flood-attacker.mjs', import.meta.url), [url, FLOOD_ADDRESS], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  if (nice !== 0 && child.pid !== undefined) setPriority(child.pid, nice);
  const report = new Promise<FloodReport>((resolve, reject) => {
    child.once('message', (message) => resolve(message as FloodReport));
    child.once('exit', (code) => reject(new Error(`flood exited with ${code} before reporting`)));
  });
  return {
    async stop(): Promise<FloodReport> {
      child.send('stop');
      return report;
    },
    kill: () => child.kill(),
  };
}

async function main() {
  const args = process.argv.slice(2);
  const option = integerOption(args);
  const pairs = option('--pairs', 50);
  const rounds = option('--rounds', 50);
  const niceAt = args.indexOf('--flood-nice');
  const floodNice = niceAt >= 0 ? Number(args[niceAt + 1]) : 0;
  if (!Number.isInteger(floodNice) || floodNice < 0 || floodNice > 19)
    throw new Error('--flood-nice takes a nice value from 0 to 19');

  const server = await spawnServer(DUET_ENTRY, serveFlags(), SHIPPED_LIMITS);
  // The control: the same flood at another server process on this machine, so the honest
  // clients' server does none of the flood's work but the machine's cores are just as busy.
  const decoy = await spawnServer(DUET_ENTRY, serveFlags(), SHIPPED_LIMITS);
  let flood: ReturnType<typeof startFlood> | undefined;
  /** An honest phase against `server` while the flood hits `target`. */
  const underFlood = async (target: string, tag: string) => {
    flood = startFlood(target, floodNice);
    await new Promise((resolve) => setTimeout(resolve, FLOOD_HEAD_START_MS));
    const phase = await honestPhase(server.url, server.pid, tag, pairs, rounds);
    const attack = await flood.stop();
    flood = undefined;
    return { phase, attack };
  };
  try {
    const quiet = await honestPhase(server.url, server.pid, 'quiet', pairs, rounds);
    const elsewhere = await underFlood(decoy.url, 'elsewhere');
    const { phase: flooded, attack } = await underFlood(server.url, 'flooded');
    const healthy = (await fetch(`${server.url}/healthz`)).ok;
    const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
    const ratios = (x: Phase, y: Phase) => ({
      joinP50: ratio(x.joinMs.p50, y.joinMs.p50),
      joinP99: ratio(x.joinMs.p99, y.joinMs.p99),
      relayP50: ratio(x.relayRttMs.p50, y.relayRttMs.p50),
      relayP99: ratio(x.relayRttMs.p99, y.relayRttMs.p99),
    });
    const result = {
      pairs,
      rounds,
      floodNice,
      quiet,
      floodElsewhere: elsewhere.phase,
      flooded,
      flood: attack,
      floodedOverQuiet: ratios(flooded, quiet),
      // What the flood costs through the server's own work, the machine's load aside.
      floodedOverFloodElsewhere: ratios(flooded, elsewhere.phase),
      serverUp: healthy,
    };
    console.log(JSON.stringify(result, null, 2));
    const phases = [quiet, elsewhere.phase, flooded];
    const everyoneIn = phases.every((p) => p.refused === 0 && p.lost === 0);
    process.exitCode = everyoneIn && healthy ? 0 : 1;
  } finally {
    flood?.kill();
    await server.stop();
    await decoy.stop();
  }
}

await main();
