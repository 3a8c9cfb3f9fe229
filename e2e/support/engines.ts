// Fixtures for calls between engines: one Firefox per worker (its own fresh profile), and pages of
// either engine behind the same DuetPage helpers.
import { fromPlaywright, fromPuppeteer, type DuetPage, type Engine } from './duetPage';
import { launchFirefox, type LaunchedFirefox } from './firefox';
import { test as base, type OpenPageOptions } from './turnFixtures';

export * from './turnFixtures';
export * from './duetPage';

export type OpenOnOptions = Pick<OpenPageOptions, 'query' | 'baseUrl' | 'init'>;

export interface EngineFixtures {
  /** Opens the app in a fresh context (own storage, camera and socket) of the given engine. */
  openOn(engine: Engine, options?: OpenOnOptions): Promise<DuetPage>;
}

export const test = base.extend<EngineFixtures, { firefox: LaunchedFirefox }>({
  firefox: [
    async ({}, use) => {
      const firefox = await launchFirefox();
      await use(firefox);
      await firefox.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  openOn: async ({ openPage, firefox, server }, use) => {
    const opened: DuetPage[] = [];
    await use(async (engine, { query = '', baseUrl = server.url, init } = {}) => {
      if (engine === 'chromium') return fromPlaywright(await openPage({ query, baseUrl, init }));
      const page = await firefox.newPage();
      if (init) await page.evaluateOnNewDocument(init);
      await page.goto(`${baseUrl}/${query}`);
      const duet = fromPuppeteer(page);
      opened.push(duet);
      return duet;
    });
    // Chromium's contexts are closed by openPage.
    for (const page of opened) await page.close();
  },
});
