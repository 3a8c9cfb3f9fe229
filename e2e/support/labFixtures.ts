// Fixtures for calls across the network lab (netlab.ts): one lab per worker with coturn (STUN on
// two addresses, TURN over UDP, TCP and TLS) and two duet servers on the public side, one handing
// out that relay and one with STUN only, and a Chromium in each home. Tests switch the routers'
// rules instead of rebuilding the lab.
import { chromium, type Browser, type Page } from '@playwright/test';
import { selfSignedCert } from '../../src/server/testing/tls';
import { removeTempDirs } from '../../src/server/testing/tempDirs';
import { BASE_ARGS } from './chromium';
import { duetTurnEnv, startCoturn, type RunningCoturn } from './coturn';
import { test as base, expectCallUp, joinRoom, room } from './fixtures';
import { createNetLab, PUBLIC_IP, PUBLIC_IP_2, type NetLab } from './netlab';
import { capturePeerConnections } from './rtc';
import { startServer, type RunningServer } from './server';

export * from './fixtures';

export interface Lab {
  net: NetLab;
  coturn: RunningCoturn;
  /** STUN and TURN (UDP, TCP, TLS). */
  withTurn: RunningServer;
  /** STUN only: no relay to fall back on. */
  stunOnly: RunningServer;
  /** One Chromium per home, in the home's browser namespace. */
  browsers: Browser[];
}

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

const TURN_PORT = 3478;
const TURNS_PORT = 5349;

export const canBuildLab = process.platform === 'linux' && process.getuid?.() === 0;

export const test = base.extend<LabFixtures, { lab: Lab }>({
  lab: [
    async ({}, use) => {
      const net = createNetLab({ homes: 2 });
      const stopping: Array<() => Promise<void>> = [];
      try {
        const cert = selfSignedCert([PUBLIC_IP]);
        const coturn = await startCoturn({
          netns: net.publicNs,
          ip: PUBLIC_IP,
          extraIps: [PUBLIC_IP_2],
          port: TURN_PORT,
          minPort: 49152,
          maxPort: 49252,
          tls: { port: TURNS_PORT, certFile: cert.certFile, keyFile: cert.keyFile },
        });
        stopping.push(() => coturn.dispose());
        const stun = {
          STUN_URLS: `stun:${PUBLIC_IP}:${TURN_PORT},stun:${PUBLIC_IP_2}:${TURN_PORT}`,
        };
        const where = { netns: net.publicNs, urlHost: PUBLIC_IP };
        const [withTurn, stunOnly] = await Promise.all([
          startServer({ HOST: '0.0.0.0', ...stun, ...duetTurnEnv(coturn.settings) }, where),
          startServer({ HOST: '0.0.0.0', ...stun }, where),
        ]);
        stopping.push(
          () => withTurn.stop(),
          () => stunOnly.stop(),
        );
        const browsers = await Promise.all(
          net.homes.map((home) =>
            chromium.launch({
              executablePath: home.chromiumWrapper,
              args: [
                '--use-fake-ui-for-media-stream',
                ...BASE_ARGS,
                // Plain http on a public address: let the lab's origins have the camera.
                `--unsafely-treat-insecure-origin-as-secure=${withTurn.url},${stunOnly.url}`,
              ],
            }),
          ),
        );
        stopping.push(() => Promise.all(browsers.map((b) => b.close())).then(() => {}));
        await use({ net, coturn, withTurn, stunOnly, browsers });
      } finally {
        for (const stop of stopping.reverse()) await stop().catch(() => {});
        net.dispose();
        removeTempDirs();
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
      await expectCallUp(alice, bob);
      return { alice, bob };
    });
  },
});
