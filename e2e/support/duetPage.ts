// One small set of helpers for a duet page in any engine: a Playwright page (Chromium) and a
// puppeteer page (Firefox over WebDriver BiDi) are wrapped in the same few primitives, and every
// check is written once on top of them, reading the page itself (data-testid hooks, the <video>).
import { expect, type Page as PlaywrightPage } from '@playwright/test';
import type { Page as PuppeteerPage } from 'puppeteer-core';

export type Engine = 'chromium' | 'firefox';
export type CallState = 'init' | 'disconnect' | 'waiting' | 'canCall' | 'connecting' | 'connected';

/** What the helpers need from a page, whatever drives it. */
export interface DuetPage {
  readonly engine: Engine;
  /** Runs `fn(arg)` in the page; `fn` must be self-contained. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Clicks the element with this data-testid once it is visible and enabled. */
  click(testId: string): Promise<void>;
  fill(testId: string, text: string): Promise<void>;
  /** Chooses an option of the <select> with this data-testid, as a user would. */
  select(testId: string, value: string): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

const byTestId = (testId: string) => `[data-testid="${testId}"]`;

export function fromPlaywright(page: PlaywrightPage): DuetPage {
  return {
    engine: 'chromium',
    evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => unknown, arg) as never,
    click: (testId) => page.getByTestId(testId).click(),
    fill: (testId, text) => page.getByTestId(testId).fill(text),
    select: async (testId, value) => void (await page.getByTestId(testId).selectOption(value)),
    reload: async () => void (await page.reload()),
    close: () => page.context().close(),
  };
}

export function fromPuppeteer(page: PuppeteerPage): DuetPage {
  return {
    engine: 'firefox',
    evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => unknown, arg) as never,
    click: (testId) => page.locator(byTestId(testId)).click(),
    fill: (testId, text) => page.locator(byTestId(testId)).fill(text),
    select: async (testId, value) => void (await page.select(byTestId(testId), value)),
    reload: async () => void (await page.reload()),
    close: () => page.browserContext().close(),
  };
}

export const callState = (page: DuetPage) =>
  page.evaluate(
    (sel) => document.querySelector(sel)?.getAttribute('data-state') ?? null,
    byTestId('call-state'),
  );

export async function expectStateOn(page: DuetPage, state: CallState): Promise<void> {
  await expect
    .poll(() => callState(page), { message: `${page.engine} reaches ${state}` })
    .toBe(state);
}

export async function joinOn(page: DuetPage, roomId: string, expected: CallState): Promise<void> {
  await expect.poll(() => callState(page)).not.toBe('init');
  await page.fill('room-input', roomId);
  await page.click('join-button');
  await expectStateOn(page, expected);
}

/**
 * Clicks the element with this data-testid on every page at the same instant of the shared clock
 * (not one after the other), as it was when aimed at: two people pressing at once.
 */
export async function clickTogether(pages: DuetPage[], testId: string): Promise<void> {
  const at = Date.now() + 150;
  await Promise.all(
    pages.map((page) =>
      page.evaluate(
        ([sel, when]) => {
          const target = document.querySelector<HTMLElement>(sel as string)!;
          setTimeout(() => target.click(), Math.max(0, (when as number) - Date.now()));
        },
        [byTestId(testId), at],
      ),
    ),
  );
}

/** Whether the element with this data-testid is on the page and rendered. */
export const isShown = (page: DuetPage, testId: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector<HTMLElement>(sel);
    return Boolean(
      el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
    );
  }, byTestId(testId));

export async function expectShown(page: DuetPage, testId: string, shown = true): Promise<void> {
  await expect
    .poll(() => isShown(page, testId), {
      message: `${testId} ${shown ? 'shown' : 'hidden'} in ${page.engine}`,
    })
    .toBe(shown);
}

export const textOf = (page: DuetPage, testId: string) =>
  page.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, byTestId(testId));

export const attributeOf = (page: DuetPage, testId: string, name: string) =>
  page.evaluate(
    ([sel, attr]) => document.querySelector(sel!)?.getAttribute(attr!) ?? null,
    [byTestId(testId), name],
  );

/** What the remote <video> shows now: size, clock, decoded frames, mean brightness (0–255). */
export interface RemoteVideo {
  width: number;
  time: number;
  frames: number;
  brightness: number;
}

export const remoteVideo = (page: DuetPage): Promise<RemoteVideo> =>
  page.evaluate((sel) => {
    const v = document.querySelector<HTMLVideoElement>(sel)!;
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext('2d');
    let brightness = 0;
    if (ctx && v.videoWidth > 0) {
      ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += data[i]! + data[i + 1]! + data[i + 2]!;
      brightness = sum / (data.length / 4) / 3;
    }
    return {
      width: v.videoWidth,
      time: v.currentTime,
      // Firefox counts no playback-quality frames for a MediaStream source; its painted-frames
      // counter is the same fact there.
      frames:
        v.getVideoPlaybackQuality().totalVideoFrames ||
        ((v as { mozPaintedFrames?: number }).mozPaintedFrames ?? 0),
      brightness,
    };
  }, byTestId('remote-video'));

/**
 * The remote <video> shows real frames: it has a size, its clock advances, frames are being
 * decoded, and a frame drawn to a canvas is not black.
 */
export async function expectRemoteFramesOn(page: DuetPage): Promise<void> {
  const engine = page.engine;
  await expect
    .poll(async () => (await remoteVideo(page)).width, {
      message: `${engine}: remote video has a size`,
    })
    .toBeGreaterThan(0);
  const before = await remoteVideo(page);
  await expect
    .poll(async () => (await remoteVideo(page)).time, {
      message: `${engine}: remote clock advances`,
    })
    .toBeGreaterThan(before.time);
  await expect
    .poll(async () => (await remoteVideo(page)).frames, { message: `${engine}: frames decoded` })
    .toBeGreaterThan(before.frames);
  expect(
    (await remoteVideo(page)).brightness,
    `${engine}: remote frame is not black`,
  ).toBeGreaterThan(10);
}

/** Both pages are in the call and each shows the other's real video. */
export async function expectCallUpOn(a: DuetPage, b: DuetPage): Promise<void> {
  await Promise.all([expectStateOn(a, 'connected'), expectStateOn(b, 'connected')]);
  await Promise.all([expectRemoteFramesOn(a), expectRemoteFramesOn(b)]);
}

/** The stats panel's rows (data-stat → text), or null while it is not open. */
export const statsPanel = (page: DuetPage) =>
  page.evaluate((sel) => {
    const panel = document.querySelector(sel);
    if (!panel) return null;
    const rows: Record<string, string> = {};
    for (const dd of panel.querySelectorAll<HTMLElement>('[data-stat]'))
      rows[dd.dataset.stat!] = dd.textContent ?? '';
    return rows;
  }, byTestId('stats-panel'));
