// npm run bench:call [-- --calls N] [-- --relay]
// Calls between two Chromium pages over loopback, timed in the pages themselves. Prints JSON with the
// median and p90 of: click Call → ICE connected, click Call → first real remote frame on both sides,
// and join → joined; for duet's flow and, in the same run, for the tutorial's flow (offer on click,
// nothing prepared) as the baseline. It fails if either side sends or shows media before the click.
// --relay: both flows relay-only (iceTransportPolicy 'relay') through a local coturn, once over
// TURN UDP and once over TURN TCP; one JSON result per path.
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch } from '../e2e/support/chromium';
import { duetTurnEnv, startCoturn } from '../e2e/support/coturn';
import { startServer } from '../e2e/support/server';
import { instrument, joinDuet, startTutorialClient, type BenchWindow } from './benchPages';

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
  joinToJoined: number;
  transportReadyBeforeClick: boolean;
}

async function newPage(browser: Browser, url: string, bypassCSP = false): Promise<Page> {
  const context = await browser.newContext({ bypassCSP });
  // tsx compiles with keepNames, which wraps functions in __name(); the page needs it too.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function assertNothingSentOrShown(pages: Page[]): Promise<void> {
  for (const page of pages) {
    const { sent, shown } = await page.evaluate(async () => {
      const w = window as unknown as BenchWindow;
      const video = document.querySelector<HTMLVideoElement>(
        'video[data-remote], [data-testid="remote-video"]',
      );
      return { sent: await w.__bench.bytesSent(), shown: video?.videoWidth ?? 0 };
    });
    if (sent > 0 || shown > 0) {
      throw new Error(`media before Call: ${sent} bytes sent, remote video ${shown} px wide`);
    }
  }
}

async function armFirstFrame(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    const video = document.querySelector<HTMLVideoElement>(
      'video[data-remote], [data-testid="remote-video"]',
    )!;
    w.__frame = w.__bench.firstFrame(video);
  });
}

async function measure(caller: Page, callee: Page, click: () => Promise<void>) {
  await Promise.all([armFirstFrame(caller), armFirstFrame(callee)]);
  await click();
  const [a, b] = await Promise.all(
    [caller, callee].map((page) =>
      page.evaluate(async () => {
        const w = window as unknown as BenchWindow;
        const frameAt = await w.__frame!;
        const pc = w.__bench.pcs.at(-1)!;
        const deadline = Date.now() + 10_000;
        while (pc.iceConnected === undefined && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 5));
        return { frameAt, iceAt: pc.iceConnected ?? NaN, clickAt: w.__bench.clickAt };
      }),
    ),
  );
  const clickAt = a!.clickAt!;
  return {
    // ICE that was already up before the click counts as 0 ms.
    clickToIce: Math.max(0, a!.iceAt - clickAt),
    clickToFrames: Math.max(a!.frameAt, b!.frameAt) - clickAt,
    callerSeesFrame: a!.frameAt - clickAt,
    calleeSeesFrame: b!.frameAt - clickAt,
    transportReadyBeforeClick: a!.iceAt < clickAt,
  };
}

async function duetCall(browser: Browser, url: string, n: number, relay: boolean): Promise<Sample> {
  const roomId = `bench-${n}-${Date.now()}`;
  const pageUrl = relay ? `${url}/?relay=1` : url;
  const alice = await newPage(browser, pageUrl);
  const bob = await newPage(browser, pageUrl);
  try {
    await joinDuet(alice, roomId, 'waiting');
    const joinToJoined = await joinDuet(bob, roomId, 'canCall');
    await alice.waitForSelector('[data-testid="call-state"][data-state="canCall"]');
    await alice.waitForTimeout(THINK_MS);
    await assertNothingSentOrShown([alice, bob]);
    const timing = await measure(alice, bob, () => alice.getByTestId('call-button').click());
    await alice.waitForSelector('[data-testid="call-state"][data-state="connected"]');
    const path = await alice.getByTestId('connection-type').textContent();
    if (path !== (relay ? 'relay' : 'direct')) throw new Error(`duet call took the ${path} path`);
    return { ...timing, joinToJoined };
  } finally {
    await alice.context().close();
    await bob.context().close();
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
    await assertNothingSentOrShown([alice, bob]);
    const timing = await measure(alice, bob, () =>
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
  return {
    clickToIceConnectedMs: stats(samples.map((s) => s.clickToIce)),
    clickToFirstRemoteFrameBothMs: stats(samples.map((s) => s.clickToFrames)),
    clickToFirstFrameCallerSeesMs: stats(samples.map((s) => s.callerSeesFrame)),
    clickToFirstFrameCalleeSeesMs: stats(samples.map((s) => s.calleeSeesFrame)),
    joinToJoinedMs: stats(samples.map((s) => s.joinToJoined)),
    transportReadyBeforeClick: samples.filter((s) => s.transportReadyBeforeClick).length,
  };
}

/** CALLS interleaved calls of each flow against one server, summed up as one JSON result. */
async function run(browser: Browser, url: string, path: string, relay: boolean) {
  const duet: Sample[] = [];
  const tutorial: Sample[] = [];
  // Interleaved, so both flows see the same machine load; one warm-up call each is not counted.
  for (let n = -1; n < CALLS; n++) {
    const d = await duetCall(browser, url, n, relay);
    const t = await tutorialCall(browser, url, n, relay);
    if (n >= 0) {
      duet.push(d);
      tutorial.push(t);
    }
    process.stderr.write(
      `${path}: call ${n < 0 ? 'warm-up' : n + 1}/${CALLS}: duet ${d.clickToFrames.toFixed(1)} ms, tutorial ${t.clickToFrames.toFixed(1)} ms\n`,
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
  const ratio =
    result.duet.clickToFirstRemoteFrameBothMs.median /
    result.tutorialBaseline.clickToFirstRemoteFrameBothMs.median;
  return { ...result, firstFrameMedianRatio: Math.round(ratio * 100) / 100 };
}

const browser = await chromium.launch(chromiumLaunch);
try {
  if (!RELAY) {
    const server = await startServer();
    try {
      console.log(
        JSON.stringify(
          await run(browser, server.url, 'direct (loopback host candidates)', false),
          null,
          2,
        ),
      );
    } finally {
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
