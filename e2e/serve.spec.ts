// `npm run serve` under a process manager: docker stop, systemd and the like send SIGTERM to the
// process they started, npm. The server must hear it and shut down (a cluster node marks itself
// dead at once), not be orphaned while the shell npm ran it in dies.
import { expect, test } from '@playwright/test';
import { isAlive } from './support/processTree';
import { startServer } from './support/server';

interface LogLine {
  msg?: string;
  pid?: number;
  signal?: string;
}

test('SIGTERM sent to `npm run serve` reaches the server, which shuts down and exits', async () => {
  const npm = await startServer({}, { npmScript: 'serve' });
  const entries = (): LogLine[] =>
    npm.logs.flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return []; // npm's own "> duet@… serve" banner
      }
    });
  const serverPid = entries().find((l) => l.msg === 'listening')!.pid!;
  try {
    expect(serverPid).not.toBe(npm.process.pid);
    const health = await fetch(`${npm.url}/healthz`);
    expect(health.status).toBe(200);

    await npm.stop(); // SIGTERM to npm only, then wait for npm to exit
    await expect
      .poll(() => entries().find((l) => l.msg === 'shutting down')?.signal, { timeout: 5_000 })
      .toBe('SIGTERM');
    await expect.poll(() => isAlive(serverPid), { timeout: 5_000 }).toBe(false);
  } finally {
    // Whatever failed above, leave no process of ours behind.
    if (isAlive(serverPid)) process.kill(serverPid, 'SIGKILL');
  }
});
