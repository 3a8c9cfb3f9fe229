// Runs a command inside a fresh network namespace (Linux, root), so browsers and the servers a test
// starts can reach 127.0.0.1 and nothing else. Elsewhere it runs the command as is.
// Besides loopback the namespace has one veth pair on a documentation address (192.0.2.1/24) with a
// default route through an address nobody answers: Firefox gathers no ICE candidates at all on a
// host with only `lo` and no route. Nothing sent there leaves the namespace.
import { spawn, spawnSync } from 'node:child_process';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/hermetic.mjs <command> [args…]');
  process.exit(2);
}

const SETUP = [
  'ip link set lo up',
  'ip link add duet0 type veth peer name duet1',
  'ip addr add 192.0.2.1/24 dev duet0',
  'ip link set duet1 up',
  'ip link set duet0 up',
  'ip route add default via 192.0.2.254 dev duet0',
].join(' && ');

function canIsolate() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  if (process.env.DUET_HERMETIC === '1' || process.env.DUET_HERMETIC === 'off') return false;
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', SETUP], { stdio: 'ignore' });
  return probe.status === 0;
}

const isolate = canIsolate();
if (process.env.DUET_HERMETIC !== '1') {
  console.error(
    isolate
      ? 'hermetic: running in an isolated network namespace (loopback + 192.0.2.1 on a veth)'
      : 'hermetic: not isolated (needs Linux, root and unshare); running as is',
  );
}
const [file, args] = isolate
  ? ['unshare', ['-n', 'sh', '-c', `${SETUP} && exec "$@"`, 'hermetic', ...command]]
  : [command[0], command.slice(1)];
const child = spawn(file, args, {
  stdio: 'inherit',
  env: { ...process.env, DUET_HERMETIC: isolate ? '1' : (process.env.DUET_HERMETIC ?? '') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
