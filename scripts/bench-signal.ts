// npm run bench:signal [-- --clients N --rounds M --pace-ms P --workers W --baseline --repeat R
//                          --cpu-prof-dir DIR]
// Load on the signaling server: the built server runs as its own process, with the node flags of
// `npm run serve` (MESSAGE_RATE=0, MAX_CONNECTIONS_PER_IP=0, LOG_LEVEL=info); N clients
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
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createBenchClient, type BenchClient, type ClientKind } from './bench-signal-clients.js';

/** A pair that has seen no message for this long lost one: stop waiting and count. */
const STALL_MS = 30_000;
/** How long the connected, silent clients are watched to learn the server's idle CPU. */
const IDLE_SAMPLE_MS = 5000;

interface WorkerJob {
  kind: ClientKind;
  url: string;
  /** Rooms this worker plays, as global room numbers. */
  firstRoom: number;
  rooms: number;
  rounds: number;
  /** A pair's pause between an echo and its next ping (0: at once), so the load can be paced. */
  paceMs: number;
  connectConcurrency: number;
}

interface WorkerReport {
  joinMs: number[];
  rttMs: number[];
  received: number;
  expected: number;
  misrouted: number;
  errors: number;
  /** Why sockets dropped during the run (should be empty). */
  disconnects: Record<string, number>;
}

type ToWorker = { go: 'join' } | { go: 'relay' } | { go: 'close' };
type FromWorker =
  | { done: 'connect'; failures: number }
  | { done: 'join' }
  | { done: 'relay'; report: WorkerReport }
  | { done: 'close' };

async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>) {
  const out: T[] = new Array<T>(count);
  let next = 0;
  const run = async () => {
    for (let i = next++; i < count; i = next++) out[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, run));
  return out;
}

// ---------------------------------------------------------------- worker: one slice of the rooms
async function workerMain(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  const post = (message: FromWorker) => port.postMessage(message);
  // Member i sits in room firstRoom + floor(i / 2), seat i % 2.
  const clients: BenchClient[] = Array.from({ length: job.rooms * 2 }, (_, i) =>
    createBenchClient(job.kind, job.url, job.firstRoom + Math.floor(i / 2), (i % 2) as 0 | 1),
  );
  const opened = await pool(clients.length, job.connectConcurrency, (i) => clients[i]!.connect());
  post({ done: 'connect', failures: opened.filter((ok) => !ok).length });

  const report: WorkerReport = {
    joinMs: [],
    rttMs: [],
    received: 0,
    expected: job.rooms * job.rounds * 2,
    misrouted: 0,
    errors: 0,
    disconnects: {},
  };
  const userIds: string[] = [];
  for (const client of clients) {
    client.onError(() => (report.errors += 1));
    client.onDrop((reason) => {
      report.disconnects[reason] = (report.disconnects[reason] ?? 0) + 1;
    });
  }

  const join = async (i: number) => {
    const t0 = performance.now();
    userIds[i] = await clients[i]!.join();
    report.joinMs.push(performance.now() - t0);
  };

  const relay = () =>
    new Promise<void>((resolve) => {
      // A lost message stalls its pair for good: once nothing at all arrives for STALL_MS, stop
      // waiting and report what came (bounded however loaded the machine is).
      let lastReceived = report.received;
      const watchdog = setInterval(() => {
        if (report.received === lastReceived) {
          clearInterval(watchdog);
          resolve();
        }
        lastReceived = report.received;
      }, STALL_MS);
      let pairsDone = 0;
      const finishPair = () => {
        pairsDone += 1;
        if (pairsDone === job.rooms) {
          clearInterval(watchdog);
          resolve();
        }
      };
      for (let k = 0; k < job.rooms; k += 1) {
        const room = job.firstRoom + k;
        const [pinger, ponger] = [clients[2 * k]!, clients[2 * k + 1]!];
        const [pingerId, pongerId] = [userIds[2 * k], userIds[2 * k + 1]];
        // The ponger answers every ping in its own room from its own partner.
        ponger.onMessage((probe, from) => {
          report.received += 1;
          if (probe.r !== room || probe.echo || from !== pingerId) {
            report.misrouted += 1;
            return;
          }
          ponger.send({ ...probe, echo: true });
        });
        pinger.onMessage((probe, from) => {
          report.received += 1;
          if (probe.r !== room || !probe.echo || from !== pongerId) {
            report.misrouted += 1;
            return;
          }
          report.rttMs.push(performance.now() - probe.t);
          if (probe.s + 1 < job.rounds) ping(probe.s + 1, job.paceMs);
          else finishPair();
        });
        const ping = (round: number, delayMs: number) => {
          const go = () => pinger.send({ r: room, s: round, echo: false, t: performance.now() });
          if (delayMs > 0) setTimeout(go, delayMs);
          else go();
        };
        // Paced pairs start spread over one pause rather than all in the same instant.
        ping(0, Math.random() * job.paceMs);
      }
    });

  port.on('message', (message: ToWorker) => {
    if (message.go === 'join') {
      // One member per room first, then the other, so every join is a real first/second seat.
      void (async () => {
        await pool(job.rooms, job.connectConcurrency, (k) => join(2 * k));
        await pool(job.rooms, job.connectConcurrency, (k) => join(2 * k + 1));
        post({ done: 'join' });
      })();
    } else if (message.go === 'relay') {
      void relay().then(() => post({ done: 'relay', report }));
    } else {
      for (const client of clients) client.close();
      post({ done: 'close' });
    }
  });
}

// ---------------------------------------------------------------- main: server, workers, figures
/** Workers do not inherit tsx's loader: register it, then load this same file. */
const WORKER_BOOT = `import('tsx/esm/api').then(({ register }) => {
  register();
  return import(${JSON.stringify(import.meta.url)});
});`;

/** utime + stime of a process, in µs (from /proc; clock ticks are 10 ms). */
function cpuMicros(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** utime and stime apart: the kernel's share is socket reads and writes. */
function cpuSplit(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: (Number(fields[11]) * 1e6) / 100, system: (Number(fields[12]) * 1e6) / 100 };
}

/**
 * The process's resident memory, in bytes: all of it, and the part that is file-backed (pages of
 * the node binary and shared libraries that the process has touched: clean, shared with every
 * other node process, reclaimable by the kernel) against the anonymous rest (heap, stacks, buffers).
 */
function rss(pid: number): { total: number; file: number; anonymous: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { total: kB('VmRSS'), file: kB('RssFile'), anonymous: kB('RssAnon') };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 100) / 100;
}

async function relayedCounter(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^duet_messages_relayed_total (\S+)$/m.exec(text)?.[1] ?? NaN);
}

/** The servers the benchmark can drive: duet's build and its two baselines. */
const SERVERS = {
  duet: { entry: 'dist/server/server/index.js', kind: 'socket.io' },
  tutorial: { entry: 'scripts/tutorial-signal-server.mjs', kind: 'socket.io' },
  peerjs: { entry: 'scripts/peerjs-signal-server.mjs', kind: 'peerjs' },
} as const satisfies Record<string, { entry: string; kind: ClientKind }>;
type ServerName = keyof typeof SERVERS;

/** The node flags `npm run serve` gives duet's server (the tutorial runs with node's defaults). */
function serveFlags(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { serve: string } };
  const words = pkg.scripts.serve.split(/\s+/);
  if (words[0] === 'exec') words.shift(); // node replaces the shell npm runs the script in
  const entry = words.indexOf(SERVERS.duet.entry);
  if (words[0] !== 'node' || entry < 0)
    throw new Error(`npm run serve is not "[exec] node … ${SERVERS.duet.entry}"`);
  return words.slice(1, entry);
}

async function startServer(name: ServerName, profileDir: string | undefined) {
  const nodeArgs = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  if (name === 'duet') nodeArgs.push(...serveFlags());
  const child = spawn(process.execPath, [...nodeArgs, SERVERS[name].entry], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MESSAGE_RATE: '0',
      MAX_CONNECTIONS_PER_IP: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    lines.on('line', (line) => {
      // Keep draining the log (info: one line per join/leave) so the server never blocks on it.
      if (line.includes('"listening"')) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
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
  const pid = server.child.pid!;
  const rssBaseline = rss(pid);

  const slices = Array.from({ length: workers }, (_, w) => {
    const first = Math.floor((rooms * w) / workers);
    return { first, count: Math.floor((rooms * (w + 1)) / workers) - first };
  }).filter((slice) => slice.count > 0);
  const threads = slices.map(
    ({ first, count }) =>
      new Worker(WORKER_BOOT, {
        eval: true,
        workerData: {
          kind: SERVERS[name].kind,
          url: server.url,
          firstRoom: first,
          rooms: count,
          rounds,
          paceMs,
          connectConcurrency: 100,
        } satisfies WorkerJob,
      }),
  );
  const all = <K extends FromWorker['done']>(done: K, send?: ToWorker) =>
    Promise.all(
      threads.map(
        (thread) =>
          new Promise<Extract<FromWorker, { done: K }>>((resolve, reject) => {
            const onMessage = (message: FromWorker) => {
              if (message.done !== done) return;
              thread.off('message', onMessage);
              resolve(message as Extract<FromWorker, { done: K }>);
            };
            thread.on('message', onMessage);
            thread.once('error', reject);
            if (send) thread.postMessage(send);
          }),
      ),
    );

  const connected = await all('connect');
  const connectFailures = connected.reduce((sum, m) => sum + m.failures, 0);
  if (connectFailures > 0) throw new Error(`${connectFailures} clients could not connect`);

  const joinStart = performance.now();
  await all('join', { go: 'join' });
  const joinSeconds = (performance.now() - joinStart) / 1000;
  const rssConnected = rss(pid);

  // What the connections cost with nothing relayed (heartbeats every few seconds), so the
  // per-message figure can be given with and without it.
  const idleCpuStart = cpuMicros(pid);
  await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
  const idleMicrosPerSecond = ((cpuMicros(pid) - idleCpuStart) / IDLE_SAMPLE_MS) * 1000;

  // PeerJS counts nothing: there, what the clients received is what it relayed.
  const counted = SERVERS[name].kind === 'socket.io';
  const relayedBefore = counted ? await relayedCounter(server.url) : 0;
  const before = cpuSplit(pid);
  const relayStart = performance.now();
  const reports = (await all('relay', { go: 'relay' })).map((m) => m.report);
  const relaySeconds = (performance.now() - relayStart) / 1000;
  const after = cpuSplit(pid);
  const systemRelay = after.system - before.system;
  const cpuRelay = after.user - before.user + systemRelay;
  const received = reports.reduce((sum, r) => sum + r.received, 0);
  const relayed = (counted ? await relayedCounter(server.url) : received) - relayedBefore;

  await all('close', { go: 'close' });
  await Promise.all(threads.map((thread) => thread.terminate()));
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited; // a --cpu-prof profile is written on the way out

  const joinMs = reports.flatMap((r) => r.joinMs).sort((a, b) => a - b);
  const rttMs = reports.flatMap((r) => r.rttMs).sort((a, b) => a - b);
  const expected = reports.reduce((sum, r) => sum + r.expected, 0);
  const misrouted = reports.reduce((sum, r) => sum + r.misrouted, 0);
  const errors = reports.reduce((sum, r) => sum + r.errors, 0);
  const disconnects: Record<string, number> = {};
  for (const [reason, count] of reports.flatMap((r) => Object.entries(r.disconnects))) {
    disconnects[reason] = (disconnects[reason] ?? 0) + count;
  }
  const [load1] = (await import('node:os')).loadavg();
  const megabytes = (bytes: number) => Math.round(bytes / 1048576);
  const kilobytesPerClient = (bytes: number) => Math.round(bytes / clients / 102.4) / 10;
  return {
    server: name,
    clients,
    rooms,
    rounds,
    paceMs,
    workers: threads.length,
    joinMs: { p50: percentile(joinMs, 50), p99: percentile(joinMs, 99) },
    joinsPerSecond: Math.round(clients / joinSeconds),
    relayRttMs: { p50: percentile(rttMs, 50), p99: percentile(rttMs, 99) },
    relayedMessages: relayed,
    expectedMessages: expected,
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
    lost: expected - received,
    misrouted,
    errors,
    disconnects,
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
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    const value = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} takes a positive integer`);
    return value;
  };
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

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const cpuPerMessage = (r: RunResult) => r.serverCpuMicrosPerMessage;

/**
 * One server's figures: its run of median CPU per message (of an even number of runs, the lower
 * middle one), and every run's CPU and RSS.
 */
function summarize(runs: RunResult[]) {
  if (runs.length === 1) return runs[0]!;
  const byCpu = [...runs].sort((x, y) => cpuPerMessage(x) - cpuPerMessage(y));
  return {
    ...byCpu[Math.floor((byCpu.length - 1) / 2)]!,
    runs: {
      serverCpuMicrosPerMessage: runs.map(cpuPerMessage),
      serverRssPerConnectionKB: runs.map((r) => r.serverRssPerConnectionKB.total),
      serverRssAnonymousPerConnectionKB: runs.map((r) => r.serverRssPerConnectionKB.anonymous),
    },
  };
}

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

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`bench:signal: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
} else {
  void workerMain(workerData as WorkerJob);
}
