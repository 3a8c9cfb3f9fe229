// npm run bench:client [-- --seconds S] [--warmup S] [--rounds R] [--profile]
// What a steady call costs the machine: two Chromium browsers (one per side, each its own process
// tree, a speech-like fake microphone) in a call over loopback, measured for S seconds (default
// 30) per mode once the sent resolution has settled. For each side: the CPU of every process of
// its browser (/proc), the renderer main thread's task time in wall and in CPU time (CDP
// Performance.getMetrics), the video it receives (decoded and shown fps, resolution) and sends.
// Modes: the tutorial's bare page (the media pipeline alone: duet's camera size, its videos in
// boxes the size of duet's), visible and with its tab hidden; duet's page as it opens, with the
// stats panel open, and hidden. Prints JSON: each mode, duet's ratio to the bare page in the same
// round, and whether both carried the same media. Rounds alternate which page goes first.
// --profile adds, for duet's visible modes, where the main thread goes (trace and JS profile).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { fromPlaywright } from '../e2e/support/duetPage';
import { startServer, type RunningServer } from '../e2e/support/server';
import { VIDEO } from '../src/client/rtc/media';
import { sendScale } from '../src/client/rtc/sendResolution';
import { instrument, joinDuet, startTutorialClient, type BenchWindow } from './benchPages';
import {
  meanCores,
  median,
  ratio,
  sameMedia,
  sideFigures,
  type PageMetrics,
  type RtpReading,
  type SideReadings,
} from './clientFigures';
import { diagnoseMainThread } from './mainThreadDiagnosis';
import { launchOwnChromium, type OwnChromium } from './ownChromium';
import { speechLikeWav } from './speechLikeWav';
import { cpuBetween, cpuSnapshot, machineCoresBusy, machineCpu } from './procCpu';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = option('--seconds', 30);
/**
 * Bandwidth estimation starts a call low and the encoder climbs to full resolution over tens of
 * seconds. Measuring starts once each side's sent resolution has held for STABLE_S with nothing
 * limiting it, after at least WARMUP_S and at most MAX_WARMUP_S.
 */
const WARMUP_S = option('--warmup', 10);
const STABLE_S = 6;
const MAX_WARMUP_S = 90;
const ROUNDS = option('--rounds', 1);
const PROFILE = args.includes('--profile');
const PROFILE_S = 5;

interface Side {
  chromium: OwnChromium;
  /** CDP sessions whose Performance metrics count in wall time and in thread CPU time. */
  wall: CDPSession;
  cpu: CDPSession;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openSide(microphoneFile: string): Promise<Side> {
  const chromium = await launchOwnChromium({
    args: [`--use-file-for-fake-audio-capture=${microphoneFile}`],
  });
  const { context, page } = chromium;
  // tsx compiles with keepNames, which wraps functions in __name(); the page needs it too.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(instrument);
  const wall = await context.newCDPSession(page);
  await wall.send('Performance.enable', { timeDomain: 'timeTicks' });
  const cpu = await context.newCDPSession(page);
  await cpu.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { chromium, wall, cpu };
}

/** getStats of the live connection and the remote <video>'s presented frames. */
function readRtp(side: Side): Promise<RtpReading> {
  return side.chromium.page.evaluate(async () => {
    const w = window as unknown as BenchWindow;
    const live = w.__bench.pcs.filter(({ pc }) => pc.connectionState === 'connected').at(-1);
    const reading: RtpReading = {
      at: performance.now(),
      connections: w.__bench.pcs.length,
      iceDrops: w.__bench.pcs.reduce((sum, rec) => sum + rec.iceDrops, 0),
      received: null,
      sent: null,
      shownFrames: null,
    };
    type Rtp = Record<string, number | string | Record<string, number> | undefined>;
    (await live?.pc.getStats())?.forEach((r: Rtp) => {
      if (r.kind !== 'video') return;
      const size = {
        width: (r.frameWidth as number) ?? null,
        height: (r.frameHeight as number) ?? null,
      };
      if (r.type === 'inbound-rtp') {
        reading.received = {
          frames: (r.framesDecoded as number) ?? 0,
          bytes: (r.bytesReceived as number) ?? 0,
          ...size,
        };
      } else if (r.type === 'outbound-rtp') {
        const durations = (r.qualityLimitationDurations ?? {}) as Record<string, number>;
        reading.sent = {
          frames: (r.framesEncoded as number) ?? 0,
          bytes: (r.bytesSent as number) ?? 0,
          ...size,
          limitation: String(r.qualityLimitationReason ?? 'none'),
          limitationMs: Object.fromEntries(
            Object.entries(durations).map(([k, s]) => [k, s * 1000]),
          ),
        };
      }
    });
    const video = document.querySelector<HTMLVideoElement>(
      'video[data-remote], [data-testid="remote-video"]',
    );
    reading.shownFrames = video ? video.getVideoPlaybackQuality().totalVideoFrames : null;
    return reading;
  });
}

async function readSide(side: Side): Promise<SideReadings> {
  const metrics = async (cdp: CDPSession): Promise<PageMetrics> =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
  const [rtp, wall, cpu] = await Promise.all([
    readRtp(side),
    metrics(side.wall),
    metrics(side.cpu),
  ]);
  return { rtp, wall, cpu };
}

/** Both sides over SECONDS of the call as it is now. */
async function measure(sides: Side[], server: RunningServer) {
  const ours = () => [...sides.map((s) => s.chromium.pid), server.process.pid!];
  const machineBefore = machineCpu();
  const cpuBefore = ours().map(cpuSnapshot);
  const startedAt = performance.now();
  const before = await Promise.all(sides.map(readSide));
  await wait(SECONDS * 1000);
  const after = await Promise.all(sides.map(readSide));
  const cpuAfter = ours().map(cpuSnapshot);
  const wallMs = performance.now() - startedAt;
  const machineAfter = machineCpu();
  const use = cpuAfter.map((snapshot, i) => cpuBetween(cpuBefore[i]!, snapshot));
  const figures = sides.map((_, i) => sideFigures(before[i]!, after[i]!, use[i]!, wallMs));
  const oursCores = use.reduce((sum, u) => sum + u.totalMs, 0) / wallMs;
  const machine = machineCoresBusy(machineBefore, machineAfter);
  return {
    coresPerBrowser: meanCores(figures),
    sides: figures,
    /** Cores the rest of the machine (other people's work) kept busy meanwhile. */
    othersCores: Math.round(Math.max(0, machine - oursCores) * 100) / 100,
  };
}

type Measured = Awaited<ReturnType<typeof measure>> & { diagnosis?: unknown };

async function measureAndDiagnose(sides: Side[], server: RunningServer): Promise<Measured> {
  const measured: Measured = await measure(sides, server);
  if (PROFILE) {
    const { browser, page } = sides[0]!.chromium;
    measured.diagnosis = await diagnoseMainThread(browser, page, sides[0]!.wall, PROFILE_S);
  }
  return measured;
}

/** Waits for the ramp-up (see WARMUP_S); returns the seconds it took and whether it settled. */
async function settle(sides: Side[]) {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let last = '';
  let since = 0;
  while (elapsed() < MAX_WARMUP_S) {
    await wait(1000);
    const now = await Promise.all(sides.map(readRtp));
    const key = now.map((r) => `${r.sent?.width}x${r.sent?.height}`).join(' ');
    const free = now.every((r) => r.sent && r.sent.width !== null && r.sent.limitation === 'none');
    if (!free || key !== last) {
      last = key;
      since = elapsed();
    } else if (elapsed() >= WARMUP_S && elapsed() - since >= STABLE_S) {
      return { warmupSeconds: Math.round(elapsed()), settled: true };
    }
  }
  return { warmupSeconds: Math.round(elapsed()), settled: false };
}

/** Waits until the remote <video> of every side plays real frames. */
async function framesShown(sides: Side[]): Promise<void> {
  await Promise.all(
    sides.map(({ chromium }) =>
      chromium.page.waitForFunction(
        () => {
          const v = document.querySelector<HTMLVideoElement>(
            'video[data-remote], [data-testid="remote-video"]',
          );
          return Boolean(v && v.videoWidth > 0 && v.currentTime > 0.5);
        },
        undefined,
        { polling: 100, timeout: 20_000 },
      ),
    ),
  );
}

async function hide(sides: Side[], hidden: boolean): Promise<void> {
  await Promise.all(sides.map((s) => s.chromium.coverPage(hidden)));
}

async function withSides<T>(run: (sides: Side[]) => Promise<T>): Promise<T> {
  const sides = await Promise.all([openSide(microphone), openSide(microphone)]);
  try {
    return await run(sides);
  } finally {
    await Promise.all(sides.map((s) => s.chromium.close()));
  }
}

type Box = { width: number; height: number };

/** The boxes duet's page shows the remote video and the local preview in. */
async function duetVideoBoxes(page: Page, url: string): Promise<{ remote: Box; local: Box }> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="local-video"]');
  return page.evaluate(() => {
    const box = (id: string) => {
      const rect = document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
      return { width: Math.round(rect.width), height: Math.round(rect.height) };
    };
    return { remote: box('remote-video'), local: box('local-video') };
  });
}

/** Scales the bare page's video sender as duet would for a peer showing it in `box`. */
async function sendLikeDuet(page: Page, box: Box): Promise<number> {
  const capture = await page.evaluate(() => {
    const local = document.querySelector<HTMLVideoElement>('video:not([data-remote])');
    const track = (local?.srcObject as MediaStream | null)?.getVideoTracks()[0];
    const { width, height } = track?.getSettings() ?? {};
    return width && height ? { width, height } : null;
  });
  const scale = sendScale(capture, box);
  await page.evaluate(async (scale) => {
    const w = window as unknown as BenchWindow;
    for (const { pc } of w.__bench.pcs) {
      for (const sender of pc.getSenders()) {
        if (sender.track?.kind !== 'video') continue;
        const parameters = sender.getParameters();
        for (const encoding of parameters.encodings) encoding.scaleResolutionDownBy = scale;
        await sender.setParameters(parameters);
      }
    }
  }, scale);
  return scale;
}

/**
 * The tutorial's page with duet's camera size, its two videos in boxes of the sizes duet shows
 * them in: what the browser's media pipeline costs, capture to screen.
 */
function barePage(server: RunningServer, round: number) {
  return withSides(async (sides) => {
    const roomId = `client-bare-${round}-${Date.now()}`;
    const boxes = await duetVideoBoxes(sides[0]!.chromium.page, server.url);
    const css = `video { display: block; object-fit: cover; width: ${boxes.local.width}px; height: ${boxes.local.height}px }
      video[data-remote] { object-fit: contain; width: ${boxes.remote.width}px; height: ${boxes.remote.height}px }`;
    for (const { chromium, wall } of sides) {
      // The bare page's script is injected inline: the server's CSP is for duet's page.
      await wall.send('Page.setBypassCSP', { enabled: true });
      await chromium.page.goto(`${server.url}/healthz`);
      await startTutorialClient(chromium.page, roomId, 'none', VIDEO);
      await chromium.page.addStyleTag({ content: css });
    }
    await sides[0]!.chromium.page.evaluate(() =>
      (window as unknown as BenchWindow).__tutorialCall!(),
    );
    await framesShown(sides);
    // The size duet sends for a window like this one (its sendScale), so both send alike.
    const scales = await Promise.all(
      sides.map(({ chromium }) => sendLikeDuet(chromium.page, boxes.remote)),
    );
    const warmup = await settle(sides);
    const visible = await measure(sides, server);
    await hide(sides, true);
    const hidden = await measure(sides, server);
    return { videoBoxes: boxes, sendScales: scales, ...warmup, visible, hidden };
  });
}

function duetPage(server: RunningServer, round: number) {
  return withSides(async (sides) => {
    const roomId = `client-duet-${round}-${Date.now()}`;
    const [alice, bob] = sides.map((s) => s.chromium.page) as [Page, Page];
    for (const page of [alice, bob]) await page.goto(server.url);
    await joinDuet(fromPlaywright(alice), roomId, 'waiting');
    await joinDuet(fromPlaywright(bob), roomId, 'canCall');
    await alice.waitForSelector('[data-testid="call-state"][data-state="canCall"]');
    await alice.getByTestId('call-button').click();
    // A person watching the call does not keep the pointer on a button (hover, tooltip).
    await alice.mouse.move(1, 1);
    for (const page of [alice, bob]) {
      await page.waitForSelector('[data-testid="call-state"][data-state="connected"]');
    }
    await framesShown(sides);
    const warmup = await settle(sides);
    const normal = await measureAndDiagnose(sides, server);
    const toggleStats = (open: boolean) =>
      Promise.all(
        [alice, bob].map(async (page) => {
          await page.getByTestId('stats-button').click();
          await page.mouse.move(1, 1);
          await page.waitForSelector('[data-testid="stats-panel"]', {
            state: open ? 'visible' : 'detached',
          });
        }),
      );
    await toggleStats(true);
    const statsOpen = await measureAndDiagnose(sides, server);
    await toggleStats(false);
    await hide(sides, true);
    const hidden = await measure(sides, server);
    return { ...warmup, normal, statsOpen, hidden };
  });
}

/** One round: each page in its own pair of fresh browsers, the bare page first or last. */
async function oneRound(server: RunningServer, round: number) {
  // Alternate the order, so that neither page always meets the same moment of machine load.
  const early = round % 2 === 0 ? await barePage(server, round) : null;
  const duet = await duetPage(server, round);
  const bare = early ?? (await barePage(server, round));
  const result = {
    round: round + 1,
    ratio: {
      normal: ratio(duet.normal.coresPerBrowser, bare.visible.coresPerBrowser),
      statsOpen: ratio(duet.statsOpen.coresPerBrowser, bare.visible.coresPerBrowser),
      hidden: ratio(duet.hidden.coresPerBrowser, bare.hidden.coresPerBrowser),
    },
    /** Both pages received the same resolution at about the same frame rate. */
    sameMedia: {
      normal: sameMedia(duet.normal.sides, bare.visible.sides),
      statsOpen: sameMedia(duet.statsOpen.sides, bare.visible.sides),
      hidden: sameMedia(duet.hidden.sides, bare.hidden.sides),
    },
    bare,
    duet,
  };
  process.stderr.write(`round ${round + 1}/${ROUNDS}: ${JSON.stringify(result.ratio)}\n`);
  return result;
}

const scratch = mkdtempSync(join(tmpdir(), 'duet-bench-client-'));
const microphone = join(scratch, 'speech.wav');
writeFileSync(microphone, speechLikeWav());
const server = await startServer();
try {
  const rounds: Array<Awaited<ReturnType<typeof oneRound>>> = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await oneRound(server, round));
  const medianOf = (pick: (r: (typeof rounds)[number]) => number | null) =>
    median(rounds.map(pick).filter((v): v is number => v !== null));
  console.log(
    JSON.stringify(
      {
        bench: 'client',
        seconds: SECONDS,
        rounds: ROUNDS,
        /** duet's cores per browser over the bare page's, median over rounds. */
        ratio: {
          normal: medianOf((r) => r.ratio.normal),
          statsOpen: medianOf((r) => r.ratio.statsOpen),
          hidden: medianOf((r) => r.ratio.hidden),
        },
        results: rounds,
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
