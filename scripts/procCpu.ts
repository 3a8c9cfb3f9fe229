// CPU time of a process tree, read from /proc (Linux): what a whole browser costs, split by the
// kind of each process (browser, renderer, GPU, network, audio, video capture…).
import { readFileSync } from 'node:fs';
import { processTree } from '../e2e/support/processTree';

/** Linux reports /proc/<pid>/stat times in USER_HZ, which is 100 on every architecture. */
const USER_HZ = 100;

export interface ProcessCpu {
  kind: string;
  /** CPU time used since the process started, all threads, user + system, in ms. */
  cpuMs: number;
}

/** pid → its kind and CPU time so far. */
export type CpuSnapshot = Map<number, ProcessCpu>;

const UTILITY_KINDS: Record<string, string> = {
  'network.mojom.NetworkService': 'network',
  'audio.mojom.AudioService': 'audio',
  'video_capture.mojom.VideoCaptureService': 'video-capture',
  'storage.mojom.StorageService': 'storage',
};

/** What a Chromium process does, from its command line (`--type=…`, `--utility-sub-type=…`). */
export function processKind(argv: readonly string[]): string {
  const flag = (name: string) =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const type = flag('type');
  if (type === undefined) return argv.length === 0 ? 'other' : 'browser';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') return UTILITY_KINDS[flag('utility-sub-type') ?? ''] ?? 'utility';
  return type;
}

/**
 * CPU ms of the whole process (all its threads, live and ended) from /proc/<pid>/stat: utime and
 * stime, fields 14 and 15. (/proc/<pid>/schedstat would count the main thread only.)
 */
export function cpuMsFromStat(stat: string): number {
  // Fields after the parenthesised command name start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // exited meanwhile, or no such file on this kernel
  }
}

/** CPU so far of `root` and all its descendants. */
export function cpuSnapshot(root: number): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const pid of processTree(root)) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat === null) continue;
    // Chromium's child processes rewrite their title: one string with spaces, not NUL-separated.
    const argv = (read(`/proc/${pid}/cmdline`) ?? '').split(/[\0 ]/).filter(Boolean);
    snapshot.set(pid, { kind: processKind(argv), cpuMs: cpuMsFromStat(stat) });
  }
  return snapshot;
}

export interface CpuUse {
  totalMs: number;
  byKind: Record<string, number>;
}

/**
 * CPU used between two snapshots. A process born in between counts from zero; one that died in
 * between is left out (its last share cannot be read).
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const byKind: Record<string, number> = {};
  let totalMs = 0;
  for (const [pid, now] of after) {
    const used = now.cpuMs - (before.get(pid)?.cpuMs ?? 0);
    byKind[now.kind] = (byKind[now.kind] ?? 0) + used;
    totalMs += used;
  }
  return { totalMs, byKind };
}

export interface MachineCpu {
  /** Jiffies of all CPUs busy and in total (idle + iowait count as not busy). */
  busy: number;
  total: number;
  cpus: number;
}

/** The aggregate `cpu` line and the per-CPU count from /proc/stat. */
export function parseProcStat(text: string): MachineCpu {
  const lines = text.split('\n');
  const values = (lines[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const cpus = lines.filter((l) => /^cpu\d+ /.test(l)).length;
  return { busy: total - idle, total, cpus };
}

export function machineCpu(): MachineCpu {
  return parseProcStat(readFileSync('/proc/stat', 'utf8'));
}

/** Cores busy on the whole machine between two readings (0..cpus). */
export function machineCoresBusy(before: MachineCpu, after: MachineCpu): number {
  const total = after.total - before.total;
  return total > 0 ? ((after.busy - before.busy) / total) * after.cpus : 0;
}
