// The network lab with its services (netlab.ts): coturn (STUN on two addresses, TURN over UDP,
// TCP and TLS) and two duet servers on the public side, one handing out that relay and one with
// STUN only, and a Chromium in each home. Shared by the e2e fixtures and bench:network.
import { chromium, type Browser } from '@playwright/test';
import { removeTempDirs } from '../../src/server/testing/tempDirs';
import { selfSignedCert } from '../../src/server/testing/tls';
import { BASE_ARGS } from './chromium';
import { duetTurnEnv, startCoturn, type RunningCoturn } from './coturn';
import { createNetLab, PUBLIC_IP, PUBLIC_IP_2, type NetLab } from './netlab';
import { startServer, type RunningServer } from './server';

export const canBuildLab = process.platform === 'linux' && process.getuid?.() === 0;

export interface Lab {
  net: NetLab;
  coturn: RunningCoturn;
  /** STUN and TURN (UDP, TCP, TLS). */
  withTurn: RunningServer;
  /** STUN only: no relay to fall back on. */
  stunOnly: RunningServer;
  /** One Chromium per home, in the home's browser namespace. */
  browsers: Browser[];
  /** Stops everything and removes the lab. */
  close(): Promise<void>;
}

const TURN_PORT = 3478;
const TURNS_PORT = 5349;

export async function openLab(): Promise<Lab> {
  const net = createNetLab({ homes: 2 });
  const stopping: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stopping.reverse()) await stop().catch(() => {});
    net.dispose();
    removeTempDirs();
  };
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
            // coturn's TLS certificate is the lab's own: Chromium checks it for turns: as a
            // browser checks a real relay's, so this one is trusted by its key.
            `--ignore-certificate-errors-spki-list=${cert.spki}`,
          ],
        }),
      ),
    );
    stopping.push(() => Promise.all(browsers.map((b) => b.close())).then(() => {}));
    return { net, coturn, withTurn, stunOnly, browsers, close };
  } catch (error) {
    await close();
    throw error;
  }
}
