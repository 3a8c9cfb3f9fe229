// npm run bench:call [-- --calls N] [-- --relay]
// Calls between two Chromium pages over loopback, timed in the pages themselves. Prints JSON with the
// median and p90 of: click Call → ICE connected, click Call → first real remote frame on both sides,
// and join → joined; for duet's flow and, in the same run, for the tutorial's flow (offer on click,
// nothing prepared) as the baseline. It fails if either side sends or shows media before the click.
// Direct calls are also timed between Chromium and Firefox (firefox-esr), each way, interleaved with
// the Chromium ↔ Chromium calls so all see the same load, with click Call → `connected` on both
// sides and each pairing's ratio to Chromium ↔ Chromium. For duet's calls it also prints where the
// time to each side's picture goes (stagesMedianMs: see Stages).
// --relay: both flows relay-only (iceTransportPolicy 'relay') through a local coturn, once over
// TURN UDP and once over TURN TCP; one JSON result per path.
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch } from '../e2e/support/chromium';
import { duetTurnEnv, startCoturn } from '../e2e/support/coturn';
import { fromPlaywright, fromPuppeteer, type DuetPage, type Engine } from '../e2e/support/duetPage';
import { launchFirefox, type LaunchedFirefox } from '../e2e/support/firefox';
import { startServer } from '../e2e/support/server';
import {
  instrument,
  joinDuet,
  stateReached,
  startTutorialClient,
  type BenchWindow,
} from './benchPages';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const CALLS = Number(option('--calls') ?? 10);
const RELAY = args.includes('--relay');
/** A person needs at least this long between seeing "Ready to call" and clicking Call. */
const THINK_MS = 1000;

interface Sample {
  clickToIce: number;
  clickToFrames: number;
  /** The caller sees the callee, whose media starts when the `call` signal reaches it. */
  callerSeesFrame: number;
  /** The callee sees the caller, whose media starts at the click. */
  calleeSeesFrame: number;
  /** Both sides show `connected` (duet's flow only: the tutorial's page has no state). */
  clickToConnected: number | null;
  joinToJoined: number;
  transportReadyBeforeClick: boolean;
  /** Where the time to each side's picture goes (NaN for the tutorial's page, which has no state). */
  toCallee: Stages;
  toCaller: Stages;
}

/**
 * One direction of a call, in ms: click → the sender switches its video on (the callee's waits for
 * the `call` signal), → the receiver's first packet (the track unmutes), → its first real frame
 * presented, → its call state shows `connected`. The receiver's part (firstFrame) is also split
 * by the frame's rVFC metadata: first packet → the frame's last packet in (frameIn), → the frame
 * presented (inToPresented: decoding and the engine's render scheduling), and of that, decoding
 * alone (decode, rVFC processingDuration).
 */
interface Stages {
  senderOn: number;
  firstPacket: number;
  firstFrame: number;
  frameIn: number;
  inToPresented: number;
  decode: number;
  shownConnected: number;
}

// tsx compiles with keepNames, which wraps functions in __name(); the page needs it too.
const KEEP_NAMES = 'globalThis.__name ??= (fn) => fn;';

async function newPage(browser: Browser, url: string, bypassCSP = false): Promise<Page> {
  const context = await browser.newContext({ bypassCSP });
  await context.addInitScript(KEEP_NAMES);
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Opens duet, instrumented, in a fresh context of either engine. */
type Opener = (url: string) => Promise<DuetPage>;

function opener(engine: Engine, browser: Browser, firefox: LaunchedFirefox | null): Opener {
  if (engine === 'chromium') return async (url) => fromPlaywright(await newPage(browser, url));
  return async (url) => {
    const page = await firefox!.newPage();
    await page.evaluateOnNewDocument(KEEP_NAMES);
    await page.evaluateOnNewDocument(instrument);
    await page.goto(url);
    return fromPuppeteer(page);
  };
}

async function assertNothingSentOrShown(pages: DuetPage[]): Promise<void> {
  for (const page of pages) {
    const { sent, shown } = await page.evaluate(async () => {
      const w = window as unknown as BenchWindow;
      const video = document.querySelector<HTMLVideoElement>(
        'video[data-remote], [data-testid="remote-video"]',
      );
      return { sent: await w.__bench.bytesSent(), shown: video?.videoWidth ?? 0 };
    }, undefined);
    if (sent > 0 || shown > 0) {
      throw new Error(`media before Call: ${sent} bytes sent, remote video ${shown} px wide`);
    }
  }
}

/** Arms, before the click, the wait for the first real remote frame and for `connected`. */
async function arm(page: DuetPage): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    const video = document.querySelector<HTMLVideoElement>(
      'video[data-remote], [data-testid="remote-video"]',
    )!;
    w.__frame = w.__bench.firstFrame(video);
    const state = document.querySelector('[data-testid="call-state"]');
    w.__connected = state
      ? new Promise((resolve) =>
          new MutationObserver((_, observer) => {
            if (state.getAttribute('data-state') !== 'connected') return;
            observer.disconnect();
            resolve(w.__bench.now());
          }).observe(state, { attributes: true, attributeFilter: ['data-state'] }),
        )
      : Promise.resolve(NaN);
  }, undefined);
}

async function measure(caller: DuetPage, callee: DuetPage, click: () => Promise<void>) {
  await Promise.all([arm(caller), arm(callee)]);
  await click();
  const [a, b] = await Promise.all(
    [caller, callee].map((page) =>
      page.evaluate(async () => {
        const w = window as unknown as BenchWindow;
        const frameAt = await w.__frame!;
        const connectedAt = await w.__connected!;
        const pc = w.__bench.pcs.at(-1)!;
        const deadline = Date.now() + 10_000;
        while (pc.iceConnected === undefined && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 5));
        return {
          frameAt,
          connectedAt,
          iceAt: pc.iceConnected ?? NaN,
          clickAt: w.__bench.clickAt,
          activeAt: w.__bench.videoActiveAt ?? NaN,
          unmutedAt: w.__bench.remoteVideoUnmutedAt ?? NaN,
          frameTimes: w.__bench.firstFrameTimes,
        };
      }, undefined),
    ),
  );
  const clickAt = a!.clickAt!;
  const connected = Math.max(a!.connectedAt, b!.connectedAt) - clickAt;
  /** The way from the click to the picture shown on `to`, sent by `from`. */
  const way = (from: typeof a, to: typeof a): Stages => ({
    senderOn: from!.activeAt - clickAt,
    firstPacket: to!.unmutedAt - from!.activeAt,
    firstFrame: to!.frameAt - to!.unmutedAt,
    frameIn: (to!.frameTimes?.receivedAt ?? NaN) - to!.unmutedAt,
    inToPresented: (to!.frameTimes?.presentedAt ?? NaN) - (to!.frameTimes?.receivedAt ?? NaN),
    decode: to!.frameTimes?.decodeMs ?? NaN,
    shownConnected: to!.connectedAt - to!.frameAt,
  });
  return {
    // ICE that was already up before the click counts as 0 ms.
    clickToIce: Math.max(0, a!.iceAt - clickAt),
    clickToFrames: Math.max(a!.frameAt, b!.frameAt) - clickAt,
    callerSeesFrame: a!.frameAt - clickAt,
    calleeSeesFrame: b!.frameAt - clickAt,
    clickToConnected: Number.isNaN(connected) ? null : connected,
    transportReadyBeforeClick: a!.iceAt < clickAt,
    toCallee: way(a, b),
    toCaller: way(b, a),
  };
}

interface Pairing {
  name: string;
  caller: Opener;
  callee: Opener;
}

async function duetCall(
  { caller, callee }: Pairing,
  url: string,
  n: number,
  relay: boolean,
): Promise<Sample> {
  const roomId = `bench-${n}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const pageUrl = relay ? `${url}/?relay=1` : url;
  const alice = await caller(pageUrl);
  const bob = await callee(pageUrl);
  try {
    await joinDuet(alice, roomId, 'waiting');
    const joinToJoined = await joinDuet(bob, roomId, 'canCall');
    await stateReached(alice, 'canCall');
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
    await assertNothingSentOrShown([alice, bob]);
    const timing = await measure(alice, bob, () => alice.click('call-button'));
    await stateReached(alice, 'connected');
    // The path is shown once getStats() names the selected pair, a moment after `connected`.
    const path = await alice.evaluate(async () => {
      const deadline = Date.now() + 5000;
      const shown = () => document.querySelector('[data-testid="connection-type"]')?.textContent;
      while (!shown() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return shown();
    }, undefined);
    if (path !== (relay ? 'relay' : 'direct')) throw new Error(`duet call took the ${path} path`);
    return { ...timing, joinToJoined };
  } finally {
    await alice.close();
    await bob.close();
  }
}

async function tutorialCall(
  browser: Browser,
  url: string,
  n: number,
  relay: boolean,
): Promise<Sample> {
  const roomId = `tut-${n}-${Date.now()}`;
  // The tutorial's page is not duet's: duet's CSP (no inline script) does not apply to it.
  const alice = await newPage(browser, `${url}/healthz`, true);
  const bob = await newPage(browser, `${url}/healthz`, true);
  try {
    const ice = relay ? 'relay' : 'none';
    await startTutorialClient(alice, roomId, ice);
    const joinToJoined = await startTutorialClient(bob, roomId, ice);
    await alice.waitForTimeout(THINK_MS);
    const [caller, callee] = [fromPlaywright(alice), fromPlaywright(bob)];
    await assertNothingSentOrShown([caller, callee]);
    const timing = await measure(caller, callee, () =>
      alice.evaluate(() => (window as unknown as BenchWindow).__tutorialCall!()),
    );
    return { ...timing, joinToJoined };
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    median: round(at(0.5)),
    p90: round(at(0.9)),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}

function summarize(samples: Sample[]) {
  const connected = samples.map((s) => s.clickToConnected).filter((v) => v !== null);
  return {
    clickToIceConnectedMs: stats(samples.map((s) => s.clickToIce)),
    clickToFirstRemoteFrameBothMs: stats(samples.map((s) => s.clickToFrames)),
    clickToFirstFrameCallerSeesMs: stats(samples.map((s) => s.callerSeesFrame)),
    clickToFirstFrameCalleeSeesMs: stats(samples.map((s) => s.calleeSeesFrame)),
    ...(connected.length > 0 ? { clickToConnectedBothMs: stats(connected) } : {}),
    joinToJoinedMs: stats(samples.map((s) => s.joinToJoined)),
    transportReadyBeforeClick: samples.filter((s) => s.transportReadyBeforeClick).length,
    ...(connected.length > 0
      ? {
          stagesMedianMs: {
            toCallee: stageMedians(samples.map((s) => s.toCallee)),
            toCaller: stageMedians(samples.map((s) => s.toCaller)),
          },
        }
      : {}),
  };
}

function stageMedians(stages: Stages[]): Stages {
  const median = (key: keyof Stages) => stats(stages.map((s) => s[key])).median;
  return {
    senderOn: median('senderOn'),
    firstPacket: median('firstPacket'),
    firstFrame: median('firstFrame'),
    frameIn: median('frameIn'),
    inToPresented: median('inToPresented'),
    decode: median('decode'),
    shownConnected: median('shownConnected'),
  };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/**
 * CALLS interleaved calls of each flow against one server, summed up as one JSON result: duet
 * and the tutorial's flow between two Chromiums, and duet across the other pairings given.
 */
async function run(
  browser: Browser,
  url: string,
  path: string,
  relay: boolean,
  others: Pairing[] = [],
) {
  const chromiumPair: Pairing = {
    name: 'chromium → chromium',
    caller: opener('chromium', browser, null),
    callee: opener('chromium', browser, null),
  };
  const duet: Sample[] = [];
  const tutorial: Sample[] = [];
  const across = others.map(() => [] as Sample[]);
  // Interleaved, so all flows see the same machine load; one warm-up call each is not counted.
  for (let n = -1; n < CALLS; n++) {
    const d = await duetCall(chromiumPair, url, n, relay);
    const t = await tutorialCall(browser, url, n, relay);
    const o: Sample[] = [];
    for (const pairing of others) o.push(await duetCall(pairing, url, n, relay));
    if (n >= 0) {
      duet.push(d);
      tutorial.push(t);
      o.forEach((sample, i) => across[i]!.push(sample));
    }
    const more = others.map((p, i) => `, ${p.name} ${o[i]!.clickToFrames.toFixed(1)} ms`).join('');
    process.stderr.write(
      `${path}: call ${n < 0 ? 'warm-up' : n + 1}/${CALLS}: duet ${d.clickToFrames.toFixed(1)} ms, tutorial ${t.clickToFrames.toFixed(1)} ms${more}\n`,
    );
  }
  const result = {
    bench: 'call',
    calls: CALLS,
    path,
    thinkTimeMs: THINK_MS,
    duet: summarize(duet),
    tutorialBaseline: summarize(tutorial),
  };
  const base = result.duet;
  const pairings = others.map((pairing, i) => {
    const summary = summarize(across[i]!);
    return {
      pairing: pairing.name,
      duet: summary,
      // Medians against duet between two Chromiums in the same run.
      vsChromium: {
        clickToConnected: ratio(
          summary.clickToConnectedBothMs!.median,
          base.clickToConnectedBothMs!.median,
        ),
        firstRemoteFrameBoth: ratio(
          summary.clickToFirstRemoteFrameBothMs.median,
          base.clickToFirstRemoteFrameBothMs.median,
        ),
      },
    };
  });
  return {
    ...result,
    firstFrameMedianRatio: ratio(
      base.clickToFirstRemoteFrameBothMs.median,
      result.tutorialBaseline.clickToFirstRemoteFrameBothMs.median,
    ),
    ...(pairings.length > 0 ? { engines: pairings } : {}),
  };
}

const browser = await chromium.launch(chromiumLaunch);
try {
  if (!RELAY) {
    const server = await startServer();
    const firefox = await launchFirefox();
    try {
      const [c, f] = [opener('chromium', browser, firefox), opener('firefox', browser, firefox)];
      const pairings = [
        { name: 'chromium → firefox', caller: c, callee: f },
        { name: 'firefox → chromium', caller: f, callee: c },
      ];
      console.log(
        JSON.stringify(
          await run(browser, server.url, 'direct (loopback host candidates)', false, pairings),
          null,
          2,
        ),
      );
    } finally {
      await firefox.close();
      await server.stop();
    }
  } else {
    const coturn = await startCoturn();
    try {
      const { TURN_URLS, TURN_SECRET } = duetTurnEnv(coturn.settings);
      const results = [];
      // One server per transport, each handing out only that TURN URL.
      for (const url of TURN_URLS.split(',')) {
        const server = await startServer({ TURN_URLS: url, TURN_SECRET });
        try {
          results.push(await run(browser, server.url, `relay only, ${url}`, true));
        } finally {
          await server.stop();
        }
      }
      console.log(JSON.stringify(results, null, 2));
    } finally {
      await coturn.dispose();
    }
  }
} finally {
  await browser.close();
}
