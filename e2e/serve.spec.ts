// `npm run serve` under a process manager: docker stop, systemd and the like send SIGTERM to the
// process they started, npm. The server must hear it and shut down (a cluster node marks itself
// dead at once), not be orphaned while the shell npm ran it in dies.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';

interface LogLine {
  msg?: string;
  pid?: number;
  port?: number;
  signal?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('SIGTERM sent to `npm run serve` reaches the server, which shuts down and exits', async () => {
  const npm = spawn('npm', ['run', 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const npmExited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
  const logs: LogLine[] = [];
  createInterface({ input: npm.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      // npm's own "> duet@… serve" banner
    }
  });
  let stderr = '';
  npm.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let serverPid: number | undefined;
  try {
    await expect
      .poll(() => logs.find((l) => l.msg === 'listening'), { timeout: 15_000 })
      .toBeTruthy();
    const listening = logs.find((l) => l.msg === 'listening')!;
    serverPid = listening.pid!;
    expect(serverPid).not.toBe(npm.pid);
    const health = await fetch(`http://127.0.0.1:${listening.port}/healthz`);
    expect(health.status).toBe(200);

    npm.kill('SIGTERM');
    await expect
      .poll(() => logs.find((l) => l.msg === 'shutting down')?.signal, { timeout: 5_000 })
      .toBe('SIGTERM');
    await npmExited;
    await expect.poll(() => alive(serverPid!), { timeout: 5_000 }).toBe(false);
  } finally {
    if (stderr !== '') await test.info().attach('npm stderr', { body: stderr });
    // Whatever failed above, leave no process of ours behind.
    if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
  }
});
