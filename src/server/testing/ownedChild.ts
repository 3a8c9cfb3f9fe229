// A server process a test started: it must not outlive the test runner, and stopping it waits
// for it to exit (SIGTERM, then SIGKILL if it has not gone within 5 s).
import type { ChildProcess } from 'node:child_process';

const STOP_GRACE_MS = 5000;

/** Ties `child` to this process's life; the returned stop() is safe to call twice. */
export function ownChild(child: ChildProcess): () => Promise<void> {
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(force);
  };
}
