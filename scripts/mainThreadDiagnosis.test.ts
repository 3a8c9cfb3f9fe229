import { describe, expect, it } from 'vitest';
import { mainThreadSelfTime, profileSelfTime } from './mainThreadDiagnosis.ts';

describe('mainThreadSelfTime', () => {
  const meta = (pid: number, tid: number, name: string) => ({
    name: 'thread_name',
    ph: 'M',
    pid,
    tid,
    ts: 0,
    args: { name },
  });
  const task = (name: string, ts: number, dur: number, tdur: number, tid = 1) => ({
    name,
    ph: 'X',
    pid: 7,
    tid,
    ts,
    dur,
    tdur,
  });

  it('gives each event its own time, minus what nested in it, on renderer main threads only', () => {
    const events = [
      meta(7, 1, 'CrRendererMain'),
      meta(7, 2, 'Compositor'),
      // RunTask 0..10 ms holds Layout 2..6 ms, which holds Paint 3..4 ms; then a second RunTask.
      task('RunTask', 0, 10_000, 2_000),
      task('Layout', 2_000, 4_000, 1_000),
      task('Paint', 3_000, 1_000, 500),
      task('RunTask', 20_000, 2_000, 2_000),
      task('RunTask', 0, 50_000, 50_000, 2),
    ];
    expect(mainThreadSelfTime(events, 2)).toEqual([
      { event: 'RunTask', msPerSecond: 4, cpuMsPerSecond: 1.5, perSecond: 1 },
      { event: 'Layout', msPerSecond: 1.5, cpuMsPerSecond: 0.25, perSecond: 0.5 },
      { event: 'Paint', msPerSecond: 0.5, cpuMsPerSecond: 0.25, perSecond: 0.5 },
    ]);
  });
});

describe('profileSelfTime', () => {
  it('charges each sample the time until the next one, by function and place', () => {
    const frame = (functionName: string, url = '', lineNumber = 0) => ({
      functionName,
      url,
      lineNumber,
    });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('tick', 'http://127.0.0.1/assets/index-abc.js', 9) },
        { id: 3, callFrame: frame('(idle)') },
        { id: 4, callFrame: frame('', 'http://127.0.0.1/assets/index-abc.js', 41) },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [0, 1000, 3000, 5000, 2000],
    };
    expect(profileSelfTime(profile, 1)).toEqual([
      { function: 'tick index-abc.js:10', msPerSecond: 4 },
      { function: '(anonymous) index-abc.js:42', msPerSecond: 2 },
    ]);
  });
});
