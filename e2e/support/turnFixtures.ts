// Fixtures for relay tests: a real coturn per worker (inside the hermetic namespace), and a duet
// server whose TURN_SECRET matches it.
import { startCoturn, duetTurnEnv, type RunningCoturn } from './coturn';
import { test as base } from './fixtures';
import { startServer, type RunningServer } from './server';

export * from './fixtures';

export const test = base.extend<object, { coturn: RunningCoturn; turnServer: RunningServer }>({
  coturn: [
    async ({}, use) => {
      const coturn = await startCoturn();
      await use(coturn);
      await coturn.dispose();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  turnServer: [
    async ({ coturn }, use) => {
      const server = await startServer(duetTurnEnv(coturn.settings));
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
});
