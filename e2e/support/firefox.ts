// How Firefox is launched in tests and benchmarks: Debian's firefox-esr over WebDriver BiDi
// (puppeteer-core, never a downloaded browser), fake camera and mic, a fresh profile per launch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ensureProgram } from '../../scripts/system-deps.mjs';

/** The prefs that stand in for Chromium's flags in chromium.ts. */
export const FIREFOX_PREFS: Record<string, unknown> = {
  // One fake camera (a moving colour pattern) and one fake mic (a tone), granted without a prompt.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // Host candidates as plain addresses: the other browser has no mDNS to resolve `.local` names.
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.loopback': true,
  // The tests read English, whatever the machine's locale (Playwright's default is en-US too).
  'intl.accept_languages': 'en-US, en',
  // Remote audio may play without a click (Chromium: --autoplay-policy=no-user-gesture-required).
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

export interface LaunchedFirefox {
  browser: Browser;
  /** A new page in its own private context and window (own storage, own socket, never a background tab). */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<LaunchedFirefox> {
  const profile = mkdtempSync(join(tmpdir(), 'duet-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      // FIREFOX_PATH, else /usr/bin/firefox-esr (scripts/system-deps.mjs).
      executablePath: ensureProgram('firefox-esr'),
      userDataDir: profile,
      headless: true,
      extraPrefsFirefox: FIREFOX_PREFS,
      defaultViewport: { width: 1100, height: 800 },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  process.once('exit', removeProfile);
  return {
    browser,
    async newPage() {
      const context = await browser.createBrowserContext();
      // A tab behind another would have its timers and frames throttled: one window each.
      return context.newPage({ type: 'window' });
    },
    async close() {
      await browser.close();
      removeProfile();
      process.off('exit', removeProfile);
    },
  };
}
