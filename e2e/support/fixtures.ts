// Test fixtures: a real duet server per worker, and helpers to drive pages and check real media.
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import {
  expectCallUpOn,
  expectRemoteFramesOn,
  expectStateOn,
  fromPlaywright,
  joinOn,
  remoteVideo,
  type CallState,
} from './duetPage';
import { sentAudioPacketRate } from './rtc';
import { startServer, type RunningServer } from './server';

export { expect };

export interface OpenPageOptions {
  browser?: Browser;
  /** Appended to the app's URL, e.g. `?room=1`. */
  query?: string;
  /** Another server's URL instead of the worker's. */
  baseUrl?: string;
  /** Runs in the page before the app does (test instrumentation, e.g. rtc.ts's capturePeerConnections). */
  init?: () => void;
  /** The browser's language (navigator.languages, Accept-Language), e.g. `zh-CN`. */
  locale?: string;
}

export interface Fixtures {
  /** Opens the app in a fresh browser context (its own camera, storage and socket). */
  openPage(options?: OpenPageOptions): Promise<Page>;
  /** On a failure, the signaling server's log lines of the test are attached to its report. */
  serverLog: void;
}

export const test = base.extend<Fixtures, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  serverLog: [
    async ({ server }, use, testInfo) => {
      const from = server.logs.length;
      await use();
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('signaling server log', {
          body: server.logs.slice(from).join('\n'),
          contentType: 'text/plain',
        });
    },
    { auto: true },
  ],
  openPage: async ({ browser, server }, use) => {
    const contexts: Array<{ close(): Promise<void> }> = [];
    await use(async ({ browser: other, query = '', baseUrl = server.url, init, locale } = {}) => {
      const context = await (other ?? browser).newContext(locale ? { locale } : {});
      contexts.push(context);
      const page = await context.newPage();
      if (init) await page.addInitScript(init);
      await page.goto(`${baseUrl}/${query}`);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

/** A fresh room id, so tests sharing a server never meet. */
export const room = (): string => `e2e-${Math.random().toString(36).slice(2, 10)}`;

/** twoInRoom() options that open both pages the same way. */
export const alike = (options: OpenPageOptions) => ({ alice: options, bob: options });

/** Alice and Bob, each in a fresh context, both in a new room: state canCall. */
export async function twoInRoom(
  openPage: Fixtures['openPage'],
  options: { alice?: OpenPageOptions; bob?: OpenPageOptions } = {},
): Promise<{ roomId: string; alice: Page; bob: Page }> {
  const roomId = room();
  const alice = await openPage(options.alice);
  const bob = await openPage(options.bob);
  await joinRoom(alice, roomId, 'waiting');
  await joinRoom(bob, roomId, 'canCall');
  return { roomId, alice, bob };
}

// The checks themselves are written once, for any engine, in duetPage.ts.
export const expectState = (page: Page, state: CallState) =>
  expectStateOn(fromPlaywright(page), state);

export const joinRoom = (page: Page, roomId: string, expected: CallState) =>
  joinOn(fromPlaywright(page), roomId, expected);

/** Mean brightness (0–255) of the frame the remote <video> shows now. */
export const remoteBrightness = async (page: Page) =>
  (await remoteVideo(fromPlaywright(page))).brightness;

/** See expectRemoteFramesOn: a size, an advancing clock, decoded frames, not black. */
export const expectRemoteFrames = (page: Page) => expectRemoteFramesOn(fromPlaywright(page));

/** Both pages are in the call and each shows the other's real video. */
export const expectCallUp = (a: Page, b: Page) =>
  expectCallUpOn(fromPlaywright(a), fromPlaywright(b));

/**
 * Waits until the page's audio goes quiet on the line, as a muted mic does with Opus DTX: a
 * comfort-noise update now and then, fewer than 10 packets a second instead of 50. Returns that
 * rate (packets a second over 2 s).
 */
export async function quietAudioPacketRate(page: Page): Promise<number> {
  let rate = 0;
  await expect.poll(async () => (rate = await sentAudioPacketRate(page, 2))).toBeLessThan(10);
  return rate;
}
