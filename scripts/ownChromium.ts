// A Chromium started as its own process (its pid known, for /proc) and driven over CDP with
// Playwright's defaults switched off. Playwright's own launch keeps every page "visible" (focus
// emulation counts as a capture, and it disables backgrounding): a tab sent to the back here is
// hidden the way a user's is, with the browser's real background behaviour.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_PATH, chromiumLaunch } from '../e2e/support/chromium';
import { isAlive, processTree } from '../e2e/support/processTree';
import { ownChild } from '../src/server/testing/ownedChild';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface OwnChromium {
  pid: number;
  browser: Browser;
  context: BrowserContext;
  /** The window's first tab. */
  page: Page;
  /** Opens a blank tab in front of `page` in the same window (true) or closes it again (false). */
  coverPage(covered: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface OwnChromiumOptions {
  windowSize?: { width: number; height: number };
  args?: string[];
}

export async function launchOwnChromium({
  windowSize = { width: 1280, height: 720 },
  args = [],
}: OwnChromiumOptions = {}): Promise<OwnChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'duet-chromium-'));
  const child = spawn(
    CHROMIUM_PATH,
    [
      '--headless',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      `--window-size=${windowSize.width},${windowSize.height}`,
      ...(chromiumLaunch.args ?? []),
      ...args,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stop = ownChild(child);
  const cleanUp = async () => {
    const helpers = child.pid === undefined ? [] : processTree(child.pid);
    await stop();
    // Its helper processes outlive it a moment, writing their last files into the profile.
    for (let i = 0; i < 50 && helpers.some(isAlive); i++) await wait(100);
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${log}`)), 20_000);
      child.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${log}`)));
      child.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const found = /DevTools listening on (ws:\/\/\S+)/.exec(log);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
    });
    const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true, isLocal: true });
    const context = browser.contexts()[0]!;
    const page = context.pages()[0] ?? (await context.waitForEvent('page'));
    const cdp = await browser.newBrowserCDPSession();
    let cover: string | null = null;
    const own: OwnChromium = {
      pid: child.pid!,
      browser,
      context,
      page,
      async coverPage(covered) {
        if (covered && cover === null) {
          ({ targetId: cover } = await cdp.send('Target.createTarget', {
            url: 'about:blank',
            newWindow: false,
          }));
        } else if (!covered && cover !== null) {
          await cdp.send('Target.closeTarget', { targetId: cover });
          cover = null;
        }
        const want = covered ? 'hidden' : 'visible';
        // Polled by timer: a hidden page runs no animation frames.
        await page.waitForFunction((state) => document.visibilityState === state, want, {
          polling: 100,
        });
      },
      async close() {
        await browser.close().catch(() => {});
        await cleanUp();
      },
    };
    return own;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
