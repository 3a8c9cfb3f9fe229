// The load that `npm run bench:signal` and `npm run bench:cluster` put on signaling servers, and
// the measuring they share: pairs of clients (bench-signal-clients.ts) spread over worker
// threads, each pair in its own room playing ping-pong round trips; a server process started with
// the flags of `npm run serve`; CPU and memory read from /proc, counters from /metrics.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ownChild } from '../src/server/testing/ownedChild.js';
import { createBenchClient, type BenchClient, type ClientKind } from './bench-signal-clients.js';

/** A pair that has seen no message for this long lost one: stop waiting and count. */
const STALL_MS = 30_000;

/** One room of the load: where each of its two members connects, and the group it reports in. */
export interface RoomPlan {
  room: number;
  urls: [string, string];
  group: string;
}

export interface LoadOptions {
  kind: ClientKind;
  rounds: number;
  /** A pair's pause between an echo and its next ping (0: at once), so the load can be paced. */
  paceMs: number;
  workers: number;
}

interface WorkerJob extends Omit<LoadOptions, 'workers'> {
  rooms: RoomPlan[];
  connectConcurrency: number;
}

/** What the clients saw; round-trip times by the rooms' groups. */
export interface LoadReport {
  joinMs: number[];
  rttMs: Record<string, number[]>;
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
  | { done: 'join'; refusals: string[] }
  | { done: 'relay'; report: LoadReport }
  | { done: 'close' };

export async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>) {
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
  // Member i sits in job.rooms[floor(i / 2)], seat i % 2.
  const clients: BenchClient[] = job.rooms.flatMap(({ room, urls }) => [
    createBenchClient(job.kind, urls[0], room, 0),
    createBenchClient(job.kind, urls[1], room, 1),
  ]);
  const opened = await pool(clients.length, job.connectConcurrency, (i) => clients[i]!.connect());
  post({ done: 'connect', failures: opened.filter((ok) => !ok).length });

  const report: LoadReport = {
    joinMs: [],
    rttMs: {},
    received: 0,
    expected: job.rooms.length * job.rounds * 2,
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

  const refusals: string[] = [];
  const join = async (i: number) => {
    const t0 = performance.now();
    try {
      userIds[i] = await clients[i]!.join();
      report.joinMs.push(performance.now() - t0);
    } catch (err) {
      refusals.push((err as Error).message);
    }
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
        if (pairsDone === job.rooms.length) {
          clearInterval(watchdog);
          resolve();
        }
      };
      job.rooms.forEach(({ room, group }, k) => {
        const [pinger, ponger] = [clients[2 * k]!, clients[2 * k + 1]!];
        const [pingerId, pongerId] = [userIds[2 * k], userIds[2 * k + 1]];
        const rtts = (report.rttMs[group] ??= []);
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
          rtts.push(performance.now() - probe.t);
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
      });
    });

  const rooms = job.rooms.length;
  port.on('message', (message: ToWorker) => {
    if (message.go === 'join') {
      // One member per room first, then the other, so every join is a real first/second seat.
      void (async () => {
        await pool(rooms, job.connectConcurrency, (k) => join(2 * k));
        await pool(rooms, job.connectConcurrency, (k) => join(2 * k + 1));
        post({ done: 'join', refusals });
      })();
    } else if (message.go === 'relay') {
      void relay().then(() => post({ done: 'relay', report }));
    } else {
      for (const client of clients) client.close();
      post({ done: 'close' });
    }
  });
}

// ---------------------------------------------------------------- main: driving the workers
/** Workers do not inherit tsx's loader: register it, then load this same file. */
const WORKER_BOOT = `import('tsx/esm/api').then(({ register }) => {
  register();
  return import(${JSON.stringify(import.meta.url)});
});`;

/** The whole load, one phase at a time: `connect` (on creation), `join`, `relay`, `close`. */
export interface Load {
  /** Resolves once every client is connected; rejects if any could not. */
  connected: Promise<void>;
  /** Resolves once every client holds its seat; rejects if any join failed. */
  join(): Promise<void>;
  /** Plays every room's rounds; resolves with what all workers saw. */
  relay(): Promise<LoadReport>;
  close(): Promise<void>;
}

export function startLoad(plans: RoomPlan[], { workers, ...options }: LoadOptions): Load {
  const slices = Array.from({ length: workers }, (_, w) =>
    plans.slice(
      Math.floor((plans.length * w) / workers),
      Math.floor((plans.length * (w + 1)) / workers),
    ),
  ).filter((slice) => slice.length > 0);
  const threads = slices.map(
    (rooms) =>
      new Worker(WORKER_BOOT, {
        eval: true,
        workerData: {
          benchSignalLoad: { ...options, rooms, connectConcurrency: 100 } satisfies WorkerJob,
        },
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
  return {
    connected: all('connect').then((replies) => {
      const failures = replies.reduce((sum, m) => sum + m.failures, 0);
      if (failures > 0) throw new Error(`${failures} clients could not connect`);
    }),
    join: () =>
      all('join', { go: 'join' }).then((replies) => {
        const refusals = replies.flatMap((m) => m.refusals);
        if (refusals.length > 0) {
          throw new Error(`${refusals.length} joins failed, first: ${refusals[0]}`);
        }
      }),
    relay: async () => mergeReports((await all('relay', { go: 'relay' })).map((m) => m.report)),
    async close() {
      await all('close', { go: 'close' });
      await Promise.all(threads.map((thread) => thread.terminate()));
    },
  };
}

function mergeReports(reports: LoadReport[]): LoadReport {
  const merged: LoadReport = {
    joinMs: [],
    rttMs: {},
    received: 0,
    expected: 0,
    misrouted: 0,
    errors: 0,
    disconnects: {},
  };
  for (const r of reports) {
    merged.joinMs.push(...r.joinMs);
    for (const [group, rtts] of Object.entries(r.rttMs)) (merged.rttMs[group] ??= []).push(...rtts);
    merged.received += r.received;
    merged.expected += r.expected;
    merged.misrouted += r.misrouted;
    merged.errors += r.errors;
    for (const [reason, count] of Object.entries(r.disconnects)) {
      merged.disconnects[reason] = (merged.disconnects[reason] ?? 0) + count;
    }
  }
  return merged;
}

/** Every group's round-trip times together. */
export const allRtts = (report: LoadReport): number[] => Object.values(report.rttMs).flat();

/** Nothing lost, misrouted or refused, no socket dropped. */
export function clean(report: LoadReport): boolean {
  return (
    report.received === report.expected &&
    report.misrouted === 0 &&
    report.errors === 0 &&
    Object.keys(report.disconnects).length === 0
  );
}

// ---------------------------------------------------------------- measuring
/** utime and stime of a process apart, in µs (from /proc; clock ticks are 10 ms). */
export function cpuSplit(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: (Number(fields[11]) * 1e6) / 100, system: (Number(fields[12]) * 1e6) / 100 };
}

/** utime + stime of a process, in µs. */
export function cpuMicros(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/**
 * How often the process's main thread went to sleep and was woken (voluntary context switches):
 * for a node process, about one per turn of its event loop that found nothing more to do.
 */
export function wakeUps(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
}

/**
 * The process's resident memory, in bytes: all of it, and the part that is file-backed (pages of
 * the node binary and shared libraries that the process has touched: clean, shared with every
 * other node process, reclaimable by the kernel) against the anonymous rest (heap, stacks, buffers).
 */
export function rss(pid: number): { total: number; file: number; anonymous: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { total: kB('VmRSS'), file: kB('RssFile'), anonymous: kB('RssAnon') };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 100) / 100;
}

/** p50 and p99 of unsorted samples. */
export function p50p99(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Several runs of one thing as one: the run of median `pick` (of an even number of runs, the
 * lower middle one), and under `runs` each of `columns` for every run.
 */
export function summarizeRuns<T extends object>(
  runs: T[],
  pick: (run: T) => number,
  columns: Record<string, (run: T) => unknown>,
): T | (T & { runs: Record<string, unknown[]> }) {
  if (runs.length === 1) return runs[0]!;
  const sorted = [...runs].sort((x, y) => pick(x) - pick(y));
  const each = Object.entries(columns).map(([name, column]) => [name, runs.map(column)]);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, runs: Object.fromEntries(each) };
}

/** A counter's value on a duet server's /metrics. */
export async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/** Reads `--name N` from `args`: a positive integer, `fallback` when absent. */
export function integerOption(args: string[]) {
  return (name: string, fallback: number): number => {
    const i = args.indexOf(name);
    const value = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} takes a positive integer`);
    return value;
  };
}

// ---------------------------------------------------------------- servers
/** duet's built server. */
export const DUET_ENTRY = 'dist/server/server/index.js';

/** The node flags `npm run serve` gives duet's server. */
export function serveFlags(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { serve: string } };
  const words = pkg.scripts.serve.split(/\s+/);
  if (words[0] === 'exec') words.shift(); // node replaces the shell npm runs the script in
  const entry = words.indexOf(DUET_ENTRY);
  if (words[0] !== 'node' || entry < 0)
    throw new Error(`npm run serve is not "[exec] node … ${DUET_ENTRY}"`);
  return words.slice(1, entry);
}

/**
 * A server process on a free loopback port, unlimited for the load (MESSAGE_RATE,
 * MAX_CONNECTIONS_PER_IP, HANDSHAKE_RATE and JOIN_RATE = 0), LOG_LEVEL=info unless set; killed if
 * the benchmark exits. stop() waits for it to exit (a --cpu-prof profile is written on the way out).
 */
export async function spawnServer(
  entry: string,
  nodeArgs: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ pid: number; url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MESSAGE_RATE: '0',
      MAX_CONNECTIONS_PER_IP: '0',
      HANDSHAKE_RATE: '0',
      JOIN_RATE: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = ownChild(child);
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    lines.on('line', (line) => {
      // Keep draining the log (info: one line per join/leave) so the server never blocks on it.
      if (line.includes('"listening"')) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return { pid: child.pid!, url: `http://127.0.0.1:${port}`, stop };
}

if (!isMainThread) {
  const job = (workerData as { benchSignalLoad?: WorkerJob } | null)?.benchSignalLoad;
  if (job !== undefined) void workerMain(job);
}
