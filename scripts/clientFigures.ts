// The figures of bench:client, from readings taken at the start and the end of a steady stretch
// of a call: pure arithmetic, kept apart from the browser driving so it can be unit-tested.
import type { CpuUse } from './procCpu';

/** What a page reports of its call at one moment (getStats of the live connection, <video>). */
export interface RtpReading {
  at: number;
  /** Connections the page made so far, and how often their ICE left `connected`. */
  connections: number;
  iceDrops: number;
  received: VideoReading | null;
  sent: (VideoReading & { limitation: string; limitationMs: Record<string, number> }) | null;
  /** Frames the remote <video> presented so far (getVideoPlaybackQuality). */
  shownFrames: number | null;
}

export interface VideoReading {
  frames: number;
  bytes: number;
  width: number | null;
  height: number | null;
}

/** CDP Performance.getMetrics, as name → value. */
export type PageMetrics = Record<string, number>;

export interface SideReadings {
  rtp: RtpReading;
  /** Task durations in wall time (CDP timeDomain timeTicks) and in thread CPU (threadTicks). */
  wall: PageMetrics;
  cpu: PageMetrics;
}

const round = (value: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

function videoFigures(before: VideoReading | null, after: VideoReading | null, seconds: number) {
  if (!before || !after) return null;
  return {
    fps: round((after.frames - before.frames) / seconds, 1),
    kbps: Math.round(((after.bytes - before.bytes) * 8) / seconds / 1000),
    resolution: after.width && after.height ? `${after.width}x${after.height}` : null,
  };
}

/** Share of the time the renderer's main thread ran tasks: in wall time, in CPU time, and what in. */
export function mainThreadFigures(
  before: Pick<SideReadings, 'wall' | 'cpu'>,
  after: Pick<SideReadings, 'wall' | 'cpu'>,
) {
  const change = (pick: 'wall' | 'cpu', name: string) => {
    const seconds = (after.wall.Timestamp ?? 0) - (before.wall.Timestamp ?? 0);
    return seconds > 0 ? ((after[pick][name] ?? 0) - (before[pick][name] ?? 0)) / seconds : 0;
  };
  return {
    busy: round(change('wall', 'TaskDuration')),
    cpu: round(change('cpu', 'TaskDuration')),
    scriptCpu: round(change('cpu', 'ScriptDuration')),
    layoutCpu: round(change('cpu', 'LayoutDuration')),
    styleCpu: round(change('cpu', 'RecalcStyleDuration')),
    layoutsPerSecond: round(change('wall', 'LayoutCount'), 1),
    styleRecalcsPerSecond: round(change('wall', 'RecalcStyleCount'), 1),
  };
}

/** One side of a call over the stretch: browser CPU, main thread, media both ways. */
export function sideFigures(
  before: SideReadings,
  after: SideReadings,
  cpu: CpuUse,
  wallMs: number,
) {
  const seconds = (after.rtp.at - before.rtp.at) / 1000;
  const sentBefore = before.rtp.sent;
  const sentAfter = after.rtp.sent;
  const limited: Record<string, number> = {};
  for (const [reason, ms] of Object.entries(sentAfter?.limitationMs ?? {})) {
    const share = (ms - (sentBefore?.limitationMs[reason] ?? 0)) / (seconds * 1000);
    if (reason !== 'none' && share > 0.005) limited[reason] = round(share, 2);
  }
  const byKind = Object.fromEntries(
    Object.entries(cpu.byKind)
      .filter(([, ms]) => ms / wallMs >= 0.001)
      .sort(([, a], [, b]) => b - a)
      .map(([kind, ms]) => [kind, round(ms / wallMs)]),
  );
  const shown =
    before.rtp.shownFrames !== null && after.rtp.shownFrames !== null
      ? round((after.rtp.shownFrames - before.rtp.shownFrames) / seconds, 1)
      : null;
  return {
    browserCores: round(cpu.totalMs / wallMs),
    byProcess: byKind,
    /** The same connection all along, ICE never left `connected`, video both ways. */
    steady:
      after.rtp.connections === before.rtp.connections &&
      after.rtp.iceDrops === before.rtp.iceDrops &&
      Boolean(before.rtp.received && before.rtp.sent),
    mainThread: mainThreadFigures(before, after),
    received: videoFigures(before.rtp.received, after.rtp.received, seconds),
    shownFps: shown,
    sent: {
      ...videoFigures(sentBefore, sentAfter, seconds),
      /** Share of the time the encoder held back, by reason (cpu, bandwidth). */
      limitedBy: limited,
    },
  };
}

export type SideFigures = ReturnType<typeof sideFigures>;

/** Mean over the sides of a call; `ratio` divides it by the baseline's mean. */
export function meanCores(sides: readonly SideFigures[]): number {
  return round(sides.reduce((sum, s) => sum + s.browserCores, 0) / Math.max(1, sides.length));
}

export function ratio(value: number, baseline: number): number | null {
  return baseline > 0 ? round(value / baseline, 2) : null;
}

/**
 * Whether two measurements carry the same media, so that their CPU compares: every side steady,
 * receiving the same resolution, at received frame rates within `fpsTolerance` of each other.
 */
export function sameMedia(
  a: readonly SideFigures[],
  b: readonly SideFigures[],
  fpsTolerance = 0.15,
) {
  const sides = [...a, ...b];
  if (!sides.every((s) => s.steady && s.received)) return false;
  if (new Set(sides.map((s) => s.received!.resolution)).size !== 1) return false;
  const fps = (list: readonly SideFigures[]) =>
    list.reduce((sum, s) => sum + s.received!.fps, 0) / list.length;
  const [x, y] = [fps(a), fps(b)];
  return Math.abs(x - y) <= fpsTolerance * Math.max(x, y);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
