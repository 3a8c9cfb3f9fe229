// npm run bench:network [-- --seconds S] [-- --repeat R] [-- --only NAME] [-- --timeline]
// Calls on bad lines, in the network lab (e2e/support/netlab.ts): two homes behind NAT, the call
// direct via STUN, and home 1's router impaired with nftables: random loss of 5 % and 15 % each
// way, a rate limit of 500 kbit/s each way (once mid-call, once from before the call), and a 10 s
// total outage. For duet's flow and, under the same impairment in the same run, the tutorial's
// (scripts/benchPages.ts, same STUN/TURN servers), it prints JSON with, over S seconds of
// impairment (the outage: from its start until 10 s after it): received video fps, freeze count
// and total freeze time (inbound-rtp freezeCount, totalFreezesDuration), the audio concealment
// ratio (concealedSamples / totalSamplesReceived), the audio bitrate each side sends (duet's
// doubles once a lossy line switches it to redundancy, RED), the width of the video each side
// sends at the end (duet's shrinks on a line that keeps losing packets or is thin), and after the
// outage the time until the video is steady again. Both receiving sides are summed (fps, audio
// bitrate, width: their mean); with --repeat, each figure is the median of the runs. With
// --timeline, each second of the window goes to stderr: each sender's estimate of the line, its
// encoder's target, the video it sent that second (kbit/s) and its width, and the freezes of the
// video it receives.
import type { Page } from '@playwright/test';
import { fromPlaywright } from '../e2e/support/duetPage';
import { openLab, type Lab } from '../e2e/support/labWorld';
import type { HomeRules } from '../e2e/support/netlab';
import {
  capturePeerConnections,
  recordRemoteFrames,
  remoteVideoRecovery,
} from '../e2e/support/rtc';
import { readSample, type StatsEntry } from '../src/client/rtc/stats';
import { instrument, joinDuet, startTutorialClient, type BenchWindow } from './benchPages';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SECONDS = Number(option('--seconds') ?? 15);
const REPEAT = Number(option('--repeat') ?? 1);
const ONLY = option('--only');
/** Also print, each second of the window, what each side estimates, sends, and its freezes. */
const TIMELINE = args.includes('--timeline');
/** Bandwidth estimation ramps up for a few seconds after the first frames: measure after. */
const SETTLE_MS = 4000;
const OUTAGE_MS = 10_000;

interface Impairment {
  name: string;
  rules: Omit<HomeRules, 'nat'>;
  outage?: boolean;
  /** Impaired from before the call (once its pages are loaded), measured after FROM_START_SETTLE_MS. */
  fromStart?: boolean;
}
/** A call on a thin line from its start: its estimate ramps up and the picture is chosen first. */
const FROM_START_SETTLE_MS = 15_000;

const IMPAIRMENTS: Impairment[] = [
  { name: 'loss 5 %', rules: { lossPercent: 5 } },
  { name: 'loss 15 %', rules: { lossPercent: 15 } },
  { name: 'rate 500 kbit/s', rules: { rateKbit: 500 } },
  { name: 'rate 500 kbit/s from the start', rules: { rateKbit: 500 }, fromStart: true },
  { name: 'outage 10 s', rules: { down: true }, outage: true },
].filter((i) => !ONLY || i.name.startsWith(ONLY));

/** Counters of one page's live connection: what it received, and the audio it sent. */
interface Inbound {
  at: number;
  framesDecoded: number;
  freezeCount: number;
  totalFreezesDuration: number;
  concealedSamples: number;
  totalSamplesReceived: number;
  audioBytesSent: number;
  videoBytesSent: number;
  /** Width of the video this page sends (outbound-rtp frameWidth), 0 before any. */
  sentVideoWidth: number;
  /** The sender's estimate of the line and its video encoder's target, kbit/s (0: none). */
  estimateKbit: number;
  encoderTargetKbit: number;
}

async function inbound(page: Page): Promise<Inbound> {
  const { line, ...counters } = await page.evaluate(async () => {
    const w = window as unknown as { __peerConnections: RTCPeerConnection[] };
    const pc = [...w.__peerConnections].reverse().find((p) => p.connectionState !== 'closed');
    const counters = {
      at: Date.now(),
      framesDecoded: 0,
      freezeCount: 0,
      totalFreezesDuration: 0,
      concealedSamples: 0,
      totalSamplesReceived: 0,
      audioBytesSent: 0,
      videoBytesSent: 0,
      sentVideoWidth: 0,
      encoderTargetKbit: 0,
      // The transport and its candidate pairs, for the estimate of the pair in use (read below).
      line: [] as StatsEntry[],
    };
    if (!pc) return counters;
    (await pc.getStats()).forEach((s: StatsEntry & Record<string, number | string>) => {
      if (s.type === 'transport' || s.type === 'candidate-pair') counters.line.push(s);
      if (s.type === 'outbound-rtp' && s.kind === 'audio') {
        counters.audioBytesSent = Number(s.bytesSent ?? 0);
      }
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        counters.sentVideoWidth = Number(s.frameWidth ?? 0);
        counters.videoBytesSent = Number(s.bytesSent ?? 0);
        counters.encoderTargetKbit = Math.round(Number(s.targetBitrate ?? 0) / 1000);
      }
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'video') {
        counters.framesDecoded = Number(s.framesDecoded ?? 0);
        counters.freezeCount = Number(s.freezeCount ?? 0);
        counters.totalFreezesDuration = Number(s.totalFreezesDuration ?? 0);
      } else {
        counters.concealedSamples = Number(s.concealedSamples ?? 0);
        counters.totalSamplesReceived = Number(s.totalSamplesReceived ?? 0);
      }
    });
    return counters;
  });
  // Read as duet's own stats read it, the pair in use chosen the same way.
  return { ...counters, estimateKbit: readSample(line, 0).availableOutgoingKbps ?? 0 };
}

interface Figures {
  receivedFps: number;
  freezeCount: number;
  totalFreezesSec: number;
  audioConcealmentRatio: number;
  /** Audio payload each side sends, kbit/s (their mean). */
  sentAudioKbit: number;
  /** Width of the video each side sends at the end of the window (their mean). */
  sentVideoWidth: number;
  recoveryAfterOutageMs: number | null;
}

function figures(before: Inbound[], after: Inbound[], recoveryMs: number | null): Figures {
  const sum = (f: (a: Inbound, b: Inbound) => number) =>
    before.reduce((total, b, i) => total + f(b, after[i]!), 0);
  const concealed = sum((b, a) => a.concealedSamples - b.concealedSamples);
  const samples = sum((b, a) => a.totalSamplesReceived - b.totalSamplesReceived);
  return {
    receivedFps: round(
      sum((b, a) => (a.framesDecoded - b.framesDecoded) / ((a.at - b.at) / 1000)) / before.length,
    ),
    freezeCount: sum((b, a) => a.freezeCount - b.freezeCount),
    totalFreezesSec: round(sum((b, a) => a.totalFreezesDuration - b.totalFreezesDuration)),
    audioConcealmentRatio: samples > 0 ? Math.round((concealed / samples) * 1000) / 1000 : 1,
    sentAudioKbit: round(
      sum((b, a) => ((a.audioBytesSent - b.audioBytesSent) * 8) / (a.at - b.at)) / before.length,
    ),
    sentVideoWidth: Math.round(
      after.reduce((total, a) => total + a.sentVideoWidth, 0) / after.length,
    ),
    recoveryAfterOutageMs: recoveryMs,
  };
}

const round = (v: number) => Math.round(v * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two pages of the lab's server, one per home, each recording its connection and remote frames. */
async function homePages(lab: Lab, path: string, bypassCSP: boolean): Promise<[Page, Page]> {
  const pages = await Promise.all(
    lab.browsers.map(async (browser) => {
      const context = await browser.newContext({ bypassCSP });
      // tsx compiles with keepNames, which wraps functions in __name(); the page needs it too.
      await context.addInitScript('globalThis.__name ??= (fn) => fn;');
      await context.addInitScript(instrument);
      await context.addInitScript(capturePeerConnections);
      await context.addInitScript(recordRemoteFrames);
      const page = await context.newPage();
      await page.goto(`${lab.withTurn.url}${path}`);
      return page;
    }),
  );
  return pages as [Page, Page];
}

const frames = (page: Page) =>
  page.waitForFunction(() => {
    const video = document.querySelector<HTMLVideoElement>(
      '[data-testid="remote-video"], video[data-remote]',
    );
    return (video?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 10;
  });

/** `loaded` runs once both pages have loaded, before they join. */
async function duetCall(lab: Lab, n: number, loaded: () => void): Promise<[Page, Page]> {
  const [alice, bob] = await homePages(lab, '/', false);
  loaded();
  const roomId = `netbench-${n}-${Date.now()}`;
  await joinDuet(fromPlaywright(alice), roomId, 'waiting');
  await joinDuet(fromPlaywright(bob), roomId, 'canCall');
  await alice.getByTestId('call-button').click();
  await Promise.all([alice, bob].map(frames));
  return [alice, bob];
}

async function tutorialCall(lab: Lab, n: number, loaded: () => void): Promise<[Page, Page]> {
  // The tutorial's page is not duet's: duet's CSP (no inline script) does not apply to it.
  const [alice, bob] = await homePages(lab, '/healthz', true);
  loaded();
  const roomId = `nettut-${n}-${Date.now()}`;
  await startTutorialClient(alice, roomId, 'all');
  await startTutorialClient(bob, roomId, 'all');
  await alice.evaluate(() => (window as unknown as BenchWindow).__tutorialCall!());
  await Promise.all([alice, bob].map(frames));
  return [alice, bob];
}

/** One call of `flow` under `impairment` on home 1's line; the figures of both receivers. */
async function measure(
  lab: Lab,
  flow: 'duet' | 'tutorial',
  impairment: Impairment,
  n: number,
): Promise<Figures> {
  const [home] = lab.net.homes;
  for (const h of lab.net.homes) h.setRules({ nat: 'endpoint-independent' });
  // From the start: the pages load on the clean line (a policed line can take longer to load the
  // app than page.goto waits), the call is made on the impaired one.
  const loaded = () => {
    if (impairment.fromStart) home!.setRules({ nat: 'endpoint-independent', ...impairment.rules });
  };
  const pages = await (flow === 'duet' ? duetCall(lab, n, loaded) : tutorialCall(lab, n, loaded));
  try {
    await sleep(impairment.fromStart ? FROM_START_SETTLE_MS : SETTLE_MS);
    const before = await Promise.all(pages.map(inbound));
    home!.setRules({ nat: 'endpoint-independent', ...impairment.rules });
    let recoveryMs: number | null = null;
    if (impairment.outage) {
      await sleep(OUTAGE_MS);
      home!.setRules({ nat: 'endpoint-independent' });
      const back = Date.now();
      const recoveries = await Promise.all(
        pages.map((page) => remoteVideoRecovery(page, back, 60_000).catch(() => Infinity)),
      );
      recoveryMs = Math.max(...recoveries);
      await sleep(Math.max(0, back + 10_000 - Date.now()));
    } else if (TIMELINE) {
      let previous = before;
      for (let second = 1; second <= SECONDS; second++) {
        await sleep(before[0]!.at + second * 1000 - Date.now());
        const now = await Promise.all(pages.map(inbound));
        const sides = now.map((c, i) => {
          const kbit = Math.round(
            ((c.videoBytesSent - previous[i]!.videoBytesSent) * 8) / (c.at - previous[i]!.at),
          );
          return `estimate ${c.estimateKbit} kbit/s, encoder ${c.encoderTargetKbit}, video sent ${kbit}, ${c.sentVideoWidth} px wide, ${c.freezeCount - before[i]!.freezeCount} freezes`;
        });
        process.stderr.write(`${flow} ${impairment.name} ${second} s: ${sides.join(' | ')}\n`);
        previous = now;
      }
    } else {
      await sleep(SECONDS * 1000);
    }
    const after = await Promise.all(pages.map(inbound));
    home!.setRules({ nat: 'endpoint-independent' });
    return figures(before, after, recoveryMs);
  } finally {
    await Promise.all(pages.map((page) => page.context().close()));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianFigures(runs: Figures[]): Figures {
  const of = (key: keyof Figures) => {
    const values = runs.map((r) => r[key]).filter((v): v is number => v !== null);
    return values.length > 0 ? round(median(values)) : null;
  };
  return {
    receivedFps: of('receivedFps')!,
    freezeCount: of('freezeCount')!,
    totalFreezesSec: of('totalFreezesSec')!,
    audioConcealmentRatio: median(runs.map((r) => r.audioConcealmentRatio)),
    sentAudioKbit: of('sentAudioKbit')!,
    sentVideoWidth: of('sentVideoWidth')!,
    recoveryAfterOutageMs: of('recoveryAfterOutageMs'),
  };
}

const lab = await openLab();
try {
  const results = [];
  for (const impairment of IMPAIRMENTS) {
    const duet: Figures[] = [];
    const tutorial: Figures[] = [];
    // Interleaved, so both flows see the same machine load.
    for (let n = 0; n < REPEAT; n++) {
      duet.push(await measure(lab, 'duet', impairment, n));
      tutorial.push(await measure(lab, 'tutorial', impairment, n));
      process.stderr.write(
        `${impairment.name}: run ${n + 1}/${REPEAT}: duet ${JSON.stringify(duet.at(-1))}, tutorial ${JSON.stringify(tutorial.at(-1))}\n`,
      );
    }
    results.push({
      impairment: impairment.name,
      on: impairment.fromStart
        ? `home 1 router, each way, from before the call (measured after ${FROM_START_SETTLE_MS / 1000} s)`
        : 'home 1 router, each way',
      seconds: impairment.outage ? OUTAGE_MS / 1000 + 10 : SECONDS,
      runs: REPEAT,
      duet: medianFigures(duet),
      tutorialBaseline: medianFigures(tutorial),
    });
  }
  console.log(JSON.stringify({ bench: 'network', results }, null, 2));
} finally {
  await lab.close();
}
