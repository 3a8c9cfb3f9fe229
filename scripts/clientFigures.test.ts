import { describe, expect, it } from 'vitest';
import {
  mainThreadFigures,
  median,
  ratio,
  sameMedia,
  sideFigures,
  type SideFigures,
  type SideReadings,
} from './clientFigures.ts';

const reading = (at: number, frames: number, overrides: Partial<SideReadings['rtp']> = {}) => ({
  at,
  connections: 1,
  iceDrops: 0,
  received: { frames, bytes: frames * 1000, width: 1280, height: 720 },
  sent: {
    frames,
    bytes: frames * 500,
    width: 640,
    height: 360,
    limitation: 'none',
    limitationMs: { none: at / 2, cpu: at / 4, bandwidth: 0 },
  },
  shownFrames: frames - 1,
  ...overrides,
});

const metrics = (seconds: number, task: number) => ({
  Timestamp: seconds,
  TaskDuration: task,
  ScriptDuration: task / 2,
  LayoutDuration: 0,
  RecalcStyleDuration: 0,
  LayoutCount: seconds * 3,
  RecalcStyleCount: seconds * 4,
});

describe('sideFigures', () => {
  it('turns two readings into cores, main-thread shares and media rates', () => {
    const before: SideReadings = {
      rtp: reading(10_000, 100),
      wall: metrics(10, 1),
      cpu: metrics(10, 0.1),
    };
    const after: SideReadings = {
      rtp: reading(20_000, 300),
      wall: metrics(20, 3),
      cpu: metrics(20, 0.3),
    };
    const figures = sideFigures(
      before,
      after,
      { totalMs: 4000, byKind: { renderer: 3000, gpu: 995, audio: 5 } },
      10_000,
    );
    expect(figures).toEqual({
      browserCores: 0.4,
      // Kinds under 0.001 cores are left out.
      byProcess: { renderer: 0.3, gpu: 0.1 },
      steady: true,
      mainThread: {
        busy: 0.2,
        cpu: 0.02,
        scriptCpu: 0.01,
        layoutCpu: 0,
        styleCpu: 0,
        layoutsPerSecond: 3,
        styleRecalcsPerSecond: 4,
      },
      received: { fps: 20, kbps: 160, resolution: '1280x720' },
      shownFps: 20,
      sent: { fps: 20, kbps: 80, resolution: '640x360', limitedBy: { cpu: 0.25 } },
    });
  });

  it('is not steady when the page made a new connection or ICE dropped meanwhile', () => {
    const base = { wall: metrics(0, 0), cpu: metrics(0, 0) };
    const use = { totalMs: 0, byKind: {} };
    const steady = (after: Partial<SideReadings['rtp']>) =>
      sideFigures(
        { rtp: reading(0, 0), ...base },
        { rtp: reading(1000, 20, after), ...base },
        use,
        1000,
      ).steady;
    expect(steady({})).toBe(true);
    expect(steady({ connections: 2 })).toBe(false);
    expect(steady({ iceDrops: 1 })).toBe(false);
  });
});

describe('mainThreadFigures', () => {
  it('is all zero over no time', () => {
    const same = { wall: metrics(5, 1), cpu: metrics(5, 1) };
    expect(mainThreadFigures(same, same).busy).toBe(0);
  });
});

describe('comparing', () => {
  const side = (fps: number, resolution = '1280x720', steady = true) =>
    ({ steady, received: { fps, kbps: 0, resolution } }) as unknown as SideFigures;

  it('ratio divides by the baseline, and has none without one', () => {
    expect(ratio(0.46, 0.4)).toBe(1.15);
    expect(ratio(0.46, 0)).toBeNull();
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('sameMedia: same resolution everywhere and frame rates within 15 %', () => {
    expect(sameMedia([side(20), side(19)], [side(18), side(18)])).toBe(true);
    expect(sameMedia([side(20), side(20)], [side(15), side(15)])).toBe(false);
    expect(sameMedia([side(20), side(20)], [side(20, '640x360'), side(20)])).toBe(false);
    expect(sameMedia([side(20, '1280x720', false), side(20)], [side(20), side(20)])).toBe(false);
  });
});
