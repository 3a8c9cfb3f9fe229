import { describe, expect, it } from 'vitest';
import {
  cpuBetween,
  cpuMsFromStat,
  machineCoresBusy,
  parseProcStat,
  processKind,
  type CpuSnapshot,
} from './procCpu.ts';

describe('processKind', () => {
  it('names Chromium processes by --type and the utility sub-type', () => {
    expect(processKind(['/usr/lib/chromium/chromium', '--headless'])).toBe('browser');
    expect(processKind(['chromium', '--type=renderer', '--lang=en'])).toBe('renderer');
    expect(processKind(['chromium', '--type=gpu-process'])).toBe('gpu');
    expect(processKind(['chromium', '--type=zygote'])).toBe('zygote');
    const utility = (sub: string) =>
      processKind(['chromium', '--type=utility', `--utility-sub-type=${sub}`]);
    expect(utility('network.mojom.NetworkService')).toBe('network');
    expect(utility('audio.mojom.AudioService')).toBe('audio');
    expect(utility('video_capture.mojom.VideoCaptureService')).toBe('video-capture');
    expect(utility('something.Else')).toBe('utility');
    expect(processKind([])).toBe('other');
  });
});

describe('cpuMsFromStat', () => {
  it('adds utime and stime (fields 14 and 15, in 1/100 s), even with spaces in the name', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    const stat = '4242 (chromium (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0';
    expect(cpuMsFromStat(stat)).toBe(3250);
  });
});

describe('cpuBetween', () => {
  it('sums what each process used by kind; one born in between counts from zero', () => {
    const before: CpuSnapshot = new Map([
      [1, { kind: 'browser', cpuMs: 1000 }],
      [2, { kind: 'renderer', cpuMs: 500 }],
      [3, { kind: 'gpu', cpuMs: 80 }],
    ]);
    const after: CpuSnapshot = new Map([
      [1, { kind: 'browser', cpuMs: 1100 }],
      [2, { kind: 'renderer', cpuMs: 900 }],
      [4, { kind: 'renderer', cpuMs: 40 }],
    ]);
    expect(cpuBetween(before, after)).toEqual({
      totalMs: 540,
      byKind: { browser: 100, renderer: 440 },
    });
  });
});

describe('machine CPU', () => {
  const stat = (user: number, idle: number) =>
    [
      `cpu  ${user} 0 0 ${idle} 0 0 0 0 0 0`,
      'cpu0 1 0 0 1 0 0 0 0 0 0',
      'cpu1 1 0 0 1 0 0 0 0 0 0',
      'intr 5',
    ].join('\n');

  it('reads busy and total jiffies and counts the CPUs', () => {
    expect(parseProcStat(stat(300, 700))).toEqual({ busy: 300, total: 1000, cpus: 2 });
  });

  it('gives the cores busy in between: 150 of 200 jiffies on 2 CPUs is 1.5 cores', () => {
    expect(machineCoresBusy(parseProcStat(stat(300, 700)), parseProcStat(stat(450, 750)))).toBe(
      1.5,
    );
  });
});
