// npm run bench:signal [-- --clients N --rounds M --pace-ms P --workers W --baseline --repeat R
//                          --cpu-prof-dir DIR]
// Load on the signaling server: the built server runs as its own process, with the node flags of
// `npm run serve` (MESSAGE_RATE, MAX_CONNECTIONS_PER_IP, HANDSHAKE_RATE, JOIN_RATE = 0, LOG_LEVEL=info); N clients
// (socket.io; PeerJS's own protocol for the PeerJS server) in N/2 rooms, spread over W worker
// threads, each pair playing M ping-pong round trips, all pairs at once (with --pace-ms, a pair
// waits P ms after each echo, so a 2-core machine that also runs the clients is not saturated).
// Prints JSON: join and relay round-trip latency (p50/p99), relayed messages per second, the
// server's CPU µs per relayed message (its utime+stime from /proc over the relay phase, divided
// by the messages it relayed; also less its idle CPU, measured over 5 s with every client
// connected and silent, and the kernel's share), its RSS per connection (total RSS ÷ clients; also
// above the RSS it had before any client, and its anonymous part alone, without the file-backed
// pages of the node binary that every node process shares), and loss/misroute counts (must be 0;
// the exit code says so).
// --baseline runs the same load, in the same run, on the tutorial's server
// (scripts/tutorial-signal-server.mjs) and on the PeerJS server (scripts/peerjs-signal-server.mjs,
// driven with PeerJS's own protocol: bench-signal-clients.ts) and adds ratios between them.
// --repeat R measures each server R times, in rotating order, and gives each one's run of median
// CPU per message, every run's CPU and RSS, and ratios of medians (the noise here is large).
import { availableParallelism } from 'node:os';
import { type ClientKind } from './bench-signal-clients.js';
import {
  allRtts,
  cpuMicros,
  cpuSplit,
  DUET_ENTRY,
  integerOption,
  median,
  metric,
  p50p99,
  rss,
  serveFlags,
  spawnServer,
  startLoad,
  summarizeRuns,
} from './bench-signal-load.js';

/** How long the connected, silent clients are watched to learn the server's idle CPU. */
const IDLE_SAMPLE_MS = 5000;

/** The servers the benchmark can drive: duet's build and its two baselines. */
const SERVERS = {
  duet: { entry: DUET_ENTRY, kind: 'socket.io' },
  tutorial: { entry: 'scripts/tutorial-signal-server.mjs', kind: 'socket.io' },
  peerjs: { entry: 'scripts/peerjs-signal-server.mjs', kind: 'peerjs' },
} as const satisfies Record<string, { entry: string; kind: ClientKind }>;
type ServerName = keyof typeof SERVERS;

/** duet runs with the node flags of `npm run serve`; the tutorial with node's defaults. */
function startServer(name: ServerName, profileDir: string | undefined) {
  const nodeArgs = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  if (name === 'duet') nodeArgs.push(...serveFlags());
  return spawnServer(SERVERS[name].entry, nodeArgs);
}

interface RunOptions {
  clients: number;
  rounds: number;
  paceMs: number;
  workers: number;
  profileDir: string | undefined;
}

/** One server under the whole load: connect, join, idle sample, relay; its figures. */
async function runAgainst(
  name: ServerName,
  { clients, rounds, paceMs, workers, profileDir }: RunOptions,
) {
  const rooms = clients / 2;
  const server = await startServer(name, profileDir);
  const pid = server.pid;
  const rssBaseline = rss(pid);

  const plans = Array.from({ length: rooms }, (_, room) => ({
    room,
    urls: [server.url, server.url] as [string, string],
    group: 'all',
  }));
  const load = startLoad(plans, { kind: SERVERS[name].kind, rounds, paceMs, workers });
  await load.connected;

  const joinStart = performance.now();
  await load.join();
  const joinSeconds = (performance.now() - joinStart) / 1000;
  const rssConnected = rss(pid);

  // What the connections cost with nothing relayed (heartbeats every few seconds), so the
  // per-message figure can be given with and without it.
  const idleCpuStart = cpuMicros(pid);
  await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
  const idleMicrosPerSecond = ((cpuMicros(pid) - idleCpuStart) / IDLE_SAMPLE_MS) * 1000;

  // PeerJS counts nothing: there, what the clients received is what it relayed.
  const counted = SERVERS[name].kind === 'socket.io';
  const relayedCounter = () => metric(server.url, 'duet_messages_relayed_total');
  const relayedBefore = counted ? await relayedCounter() : 0;
  const before = cpuSplit(pid);
  const relayStart = performance.now();
  const report = await load.relay();
  const relaySeconds = (performance.now() - relayStart) / 1000;
  const after = cpuSplit(pid);
  const systemRelay = after.system - before.system;
  const cpuRelay = after.user - before.user + systemRelay;
  const relayed = (counted ? await relayedCounter() : report.received) - relayedBefore;

  await load.close();
  await server.stop();

  const [load1] = (await import('node:os')).loadavg();
  const megabytes = (bytes: number) => Math.round(bytes / 1048576);
  const kilobytesPerClient = (bytes: number) => Math.round(bytes / clients / 102.4) / 10;
  return {
    server: name,
    clients,
    rooms,
    rounds,
    paceMs,
    workers: Math.min(workers, rooms),
    joinMs: p50p99(report.joinMs),
    joinsPerSecond: Math.round(clients / joinSeconds),
    relayRttMs: p50p99(allRtts(report)),
    relayedMessages: relayed,
    expectedMessages: report.expected,
    relayedPerSecond: Math.round(relayed / relaySeconds),
    serverCpuMicrosPerMessage: Math.round((cpuRelay / relayed) * 10) / 10,
    serverCpuMicrosPerMessageLessIdle:
      Math.round(((cpuRelay - idleMicrosPerSecond * relaySeconds) / relayed) * 10) / 10,
    serverCpuKernelShare: Math.round((systemRelay / cpuRelay) * 100) / 100,
    serverIdleCpuPercent: Math.round(idleMicrosPerSecond / 100) / 100,
    serverRssBaselineMB: megabytes(rssBaseline.total),
    serverRssMB: megabytes(rssConnected.total),
    serverRssFileMB: megabytes(rssConnected.file),
    serverRssPerConnectionKB: {
      total: kilobytesPerClient(rssConnected.total),
      aboveBaseline: kilobytesPerClient(rssConnected.total - rssBaseline.total),
      anonymous: kilobytesPerClient(rssConnected.anonymous),
    },
    lost: report.expected - report.received,
    misrouted: report.misrouted,
    errors: report.errors,
    disconnects: report.disconnects,
    loadAverage1m: Math.round(load1! * 100) / 100,
    cpus: availableParallelism(),
  };
}

type RunResult = Awaited<ReturnType<typeof runAgainst>>;

function failed(result: RunResult): boolean {
  const dropped = Object.keys(result.disconnects).length > 0;
  return (
    result.lost !== 0 ||
    result.misrouted !== 0 ||
    result.errors !== 0 ||
    dropped ||
    result.relayedMessages !== result.expectedMessages
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = integerOption(args);
  const clients = option('--clients', 1000);
  if (clients % 2 !== 0) throw new Error('--clients must be even (two per room)');
  const profileIndex = args.indexOf('--cpu-prof-dir');
  const run: RunOptions = {
    clients,
    rounds: option('--rounds', 20),
    paceMs: args.includes('--pace-ms') ? option('--pace-ms', 0) : 0,
    workers: option('--workers', Math.max(1, Math.min(4, availableParallelism()))),
    profileDir: profileIndex >= 0 ? args[profileIndex + 1] : undefined,
  };
  const servers: ServerName[] = args.includes('--baseline')
    ? ['duet', 'tutorial', 'peerjs']
    : ['duet'];
  const repeat = option('--repeat', 1);
  // Rounds of one run per server, each round starting with the next server: none is always
  // measured first (the benchmark's first run pays a little for it), and medians drop odd runs.
  const runs = new Map<ServerName, RunResult[]>(servers.map((name) => [name, []]));
  for (let round = 0; round < repeat; round += 1) {
    for (let k = 0; k < servers.length; k += 1) {
      const name = servers[(round + k) % servers.length]!;
      runs.get(name)!.push(await runAgainst(name, run));
    }
  }
  const results = Object.fromEntries(servers.map((name) => [name, summarize(runs.get(name)!)]));
  const report =
    servers.length === 1
      ? results.duet
      : {
          ...results,
          duetOverTutorial: ratios(runs.get('duet')!, runs.get('tutorial')!),
          duetOverPeerjs: ratios(runs.get('duet')!, runs.get('peerjs')!),
          // Published figures put PeerJS at about 0.77× the tutorial's CPU and 0.78× its memory.
          peerjsOverTutorial: ratios(runs.get('peerjs')!, runs.get('tutorial')!),
        };
  console.log(JSON.stringify(report, null, 2));
  if ([...runs.values()].flat().some(failed)) process.exit(1);
}

const cpuPerMessage = (r: RunResult) => r.serverCpuMicrosPerMessage;

/** One server's figures: its run of median CPU per message, and every run's CPU and RSS. */
const summarize = (runs: RunResult[]) =>
  summarizeRuns(runs, cpuPerMessage, {
    serverCpuMicrosPerMessage: cpuPerMessage,
    serverRssPerConnectionKB: (r) => r.serverRssPerConnectionKB.total,
    serverRssAnonymousPerConnectionKB: (r) => r.serverRssPerConnectionKB.anonymous,
  });

/** `top` over `bottom`, as the ratio of the medians over their runs. */
function ratios(top: RunResult[], bottom: RunResult[]) {
  const ratio = (pick: (r: RunResult) => number) =>
    Math.round((median(top.map(pick)) / median(bottom.map(pick))) * 100) / 100;
  return {
    serverCpuMicrosPerMessage: ratio(cpuPerMessage),
    serverCpuMicrosPerMessageLessIdle: ratio((r) => r.serverCpuMicrosPerMessageLessIdle),
    serverRssPerConnectionKB: ratio((r) => r.serverRssPerConnectionKB.total),
    serverRssAnonymousPerConnectionKB: ratio((r) => r.serverRssPerConnectionKB.anonymous),
    relayRttP50: ratio((r) => r.relayRttMs.p50),
  };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:signal: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
