// Runs a command inside a fresh loopback-only network namespace (Linux, root), so browsers and the
// servers a test starts can reach 127.0.0.1 and nothing else. Elsewhere it runs the command as is.
import { spawn, spawnSync } from 'node:child_process';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/hermetic.mjs <command> [args…]');
  process.exit(2);
}

function canIsolate() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  if (process.env.DUET_HERMETIC === '1' || process.env.DUET_HERMETIC === 'off') return false;
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
  return probe.status === 0;
}

const isolate = canIsolate();
if (process.env.DUET_HERMETIC !== '1') {
  console.error(
    isolate
      ? 'hermetic: running in a loopback-only network namespace'
      : 'hermetic: not isolated (needs Linux, root and unshare); running as is',
  );
}
const [file, args] = isolate
  ? ['unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'hermetic', ...command]]
  : [command[0], command.slice(1)];
const child = spawn(file, args, {
  stdio: 'inherit',
  env: { ...process.env, DUET_HERMETIC: isolate ? '1' : (process.env.DUET_HERMETIC ?? '') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
