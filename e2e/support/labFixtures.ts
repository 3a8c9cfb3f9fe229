// Fixtures for calls across the network lab: one lab (labWorld.ts) per worker; tests switch the
// routers' rules instead of rebuilding it.
import type { Page } from '@playwright/test';
import { test as base, expect, expectCallUp, joinRoom, room } from './fixtures';
import { openLab, type Lab } from './labWorld';
import { capturePeerConnections, recordRemoteFrames, videoReport } from './rtc';
import type { RunningServer } from './server';

export * from './fixtures';
export { canBuildLab } from './labWorld';

export interface LabCall {
  alice: Page;
  bob: Page;
}

export interface LabFixtures {
  /** A page of `server` in home `home` (0-based), with its peer connections kept for getStats. */
  openHomePage(home: number, server: RunningServer, query?: string): Promise<Page>;
  /** Alice at home 0 calls Bob at home 1 through `server`: real frames both ways. */
  labCall(server: RunningServer): Promise<LabCall>;
}

export const test = base.extend<LabFixtures, { lab: Lab }>({
  lab: [
    async ({}, use) => {
      const lab = await openLab();
      try {
        await use(lab);
      } finally {
        await lab.close();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  openHomePage: async ({ lab }, use) => {
    const contexts: Array<{ close(): Promise<void> }> = [];
    await use(async (home, server, query = '') => {
      const context = await lab.browsers[home]!.newContext();
      contexts.push(context);
      await context.addInitScript(capturePeerConnections);
      await context.addInitScript(recordRemoteFrames);
      const page = await context.newPage();
      await page.goto(`${server.url}/${query}`);
      return page;
    });
    for (const context of contexts) await context.close();
  },
  labCall: async ({ openHomePage }, use) => {
    await use(async (server) => {
      const roomId = room();
      const [alice, bob] = await Promise.all([openHomePage(0, server), openHomePage(1, server)]);
      await joinRoom(alice, roomId, 'waiting');
      await joinRoom(bob, roomId, 'canCall');
      await alice.getByTestId('call-button').click();
      // Through NATs and a relay on two shared cores, setting up takes longer than on loopback.
      for (const page of [alice, bob])
        await expect(page.getByTestId('call-state')).toHaveAttribute('data-state', 'connected', {
          timeout: 45_000,
        });
      try {
        await expectCallUp(alice, bob);
      } catch (error) {
        // What each side's video did: the frames counter alone does not say why it stalled.
        const reports = await Promise.all([alice, bob].map(videoReport));
        throw new Error(`${String(error)}\nalice: ${reports[0]}\nbob: ${reports[1]}`);
      }
      return { alice, bob };
    });
  },
});
