// Where a page's main thread goes: a Chromium trace of the renderer's main thread (time by event:
// style, layout, paint, timers, animation frames…) and a V8 CPU profile (time by JS function).
import type { Browser, CDPSession, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, where the trace has it. */
  tdur?: number;
  args?: { name?: string };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'cc',
  'v8',
  'toplevel',
];

/**
 * Self time of each event name on every renderer main thread of the trace, in ms per second of
 * trace, biggest first: wall time and thread CPU time (a task that waits, on a lock or for a CPU,
 * has much more of the first). Self time: an event's time minus that of the events nested in it.
 */
export function mainThreadSelfTime(events: readonly TraceEvent[], seconds: number, top = 15) {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.dur === undefined || !mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const self = new Map<string, { ms: number; cpuMs: number; count: number }>();
  for (const list of byThread.values()) {
    // Parents start first and, at equal starts, last longer.
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const open: Array<{ e: TraceEvent; childUs: number; childCpuUs: number }> = [];
    const close = () => {
      const done = open.pop()!;
      const entry = self.get(done.e.name) ?? { ms: 0, cpuMs: 0, count: 0 };
      entry.ms += (done.e.dur! - done.childUs) / 1000;
      entry.cpuMs += Math.max(0, (done.e.tdur ?? 0) - done.childCpuUs) / 1000;
      entry.count += 1;
      self.set(done.e.name, entry);
    };
    for (const e of list) {
      while (open.length > 0 && open.at(-1)!.e.ts + open.at(-1)!.e.dur! <= e.ts) close();
      const parent = open.at(-1);
      if (parent) {
        parent.childUs += e.dur!;
        parent.childCpuUs += e.tdur ?? 0;
      }
      open.push({ e, childUs: 0, childCpuUs: 0 });
    }
    while (open.length > 0) close();
  }
  return [...self.entries()]
    .sort(([, a], [, b]) => b.ms - a.ms)
    .slice(0, top)
    .map(([name, { ms, cpuMs, count }]) => ({
      event: name,
      msPerSecond: Math.round((ms / seconds) * 100) / 100,
      cpuMsPerSecond: Math.round((cpuMs / seconds) * 100) / 100,
      perSecond: Math.round((count / seconds) * 10) / 10,
    }));
}

export interface CpuProfile {
  nodes: ProfileNode[];
  /** Node id of each sample, and the µs before each sample was taken. */
  samples?: number[];
  timeDeltas?: number[];
}

/** JS self time by function (name, file, line), in ms per second of profile, biggest first. */
export function profileSelfTime(profile: CpuProfile, seconds: number, top = 12) {
  const keyOf = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    const file = callFrame.url.split('/').pop() ?? '';
    const where = file ? ` ${file}:${callFrame.lineNumber + 1}` : '';
    keyOf.set(id, `${callFrame.functionName || '(anonymous)'}${where}`);
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const self = new Map<string, number>();
  // A sample stands for the time until the next one.
  for (let i = 0; i < samples.length - 1; i++) {
    const key = keyOf.get(samples[i]!) ?? '?';
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...self.entries()]
    .filter(([key]) => !['(idle)', '(program)', '(root)'].includes(key))
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(([fn, ms]) => ({ function: fn, msPerSecond: Math.round((ms / seconds) * 100) / 100 }));
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Traces then profiles `page` for `seconds` each. */
export async function diagnoseMainThread(
  browser: Browser,
  page: Page,
  cdp: CDPSession,
  seconds: number,
) {
  await browser.startTracing(page, { categories: CATEGORIES });
  await wait(seconds * 1000);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: TraceEvent[];
  };
  const samplingUs = 200;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: samplingUs });
  await cdp.send('Profiler.start');
  await wait(seconds * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  return {
    seconds,
    traceSelfTime: mainThreadSelfTime(trace.traceEvents, seconds),
    jsSelfTime: profileSelfTime(profile as CpuProfile, seconds),
  };
}
