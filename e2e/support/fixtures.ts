// Test fixtures: a real duet server per worker, and helpers to drive pages and check real media.
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from './server';

export { expect };

type CallState = 'init' | 'disconnect' | 'waiting' | 'canCall' | 'connecting' | 'connected';

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

export async function expectState(page: Page, state: CallState): Promise<void> {
  await expect(page.getByTestId('call-state')).toHaveAttribute('data-state', state);
}

export async function joinRoom(page: Page, roomId: string, expected: CallState): Promise<void> {
  await expect(page.getByTestId('call-state')).not.toHaveAttribute('data-state', 'init');
  await page.getByTestId('room-input').fill(roomId);
  await page.getByTestId('join-button').click();
  await expectState(page, expected);
}

/** Mean brightness (0–255) of the frame the remote <video> shows now. */
export async function remoteBrightness(page: Page): Promise<number> {
  return page.getByTestId('remote-video').evaluate((v: HTMLVideoElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i]! + data[i + 1]! + data[i + 2]!;
    return sum / (data.length / 4) / 3;
  });
}

/**
 * The remote <video> shows real frames: it has a size, its clock advances, frames are being
 * decoded, and a frame drawn to a canvas is not black.
 */
export async function expectRemoteFrames(page: Page): Promise<void> {
  const video = page.getByTestId('remote-video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  const before = await video.evaluate((v: HTMLVideoElement) => ({
    time: v.currentTime,
    frames: v.getVideoPlaybackQuality().totalVideoFrames,
  }));
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
    .toBeGreaterThan(before.time);
  await expect
    .poll(() =>
      video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames),
    )
    .toBeGreaterThan(before.frames);
  const brightness = await remoteBrightness(page);
  expect(brightness, 'remote frame is not black').toBeGreaterThan(10);
}

/** Both pages are in the call and each shows the other's real video. */
export async function expectCallUp(a: Page, b: Page): Promise<void> {
  await Promise.all([expectState(a, 'connected'), expectState(b, 'connected')]);
  await Promise.all([expectRemoteFrames(a), expectRemoteFrames(b)]);
}
