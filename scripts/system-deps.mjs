// Finds the system programs duet's commands and tests need (chromium, firefox-esr, coturn,
// redis-server, nginx, nftables, conntrack) and installs the Debian package when one is missing and
// we can (root + apt-get); otherwise one clear line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = {
  chromium: {
    package: 'chromium',
    binaries: () => [process.env.CHROMIUM_PATH, '/usr/bin/chromium'],
  },
  'firefox-esr': {
    package: 'firefox-esr',
    binaries: () => [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr'],
  },
  turnserver: { package: 'coturn', binaries: () => ['/usr/bin/turnserver'] },
  'redis-server': { package: 'redis-server', binaries: () => ['/usr/bin/redis-server'] },
  nginx: { package: 'nginx', binaries: () => ['/usr/sbin/nginx'] },
  // The network lab (e2e/support/netlab.ts): NAT and bad lines on its routers, and forgetting
  // a router's NAT mappings mid-call.
  nft: { package: 'nftables', binaries: () => ['/usr/sbin/nft'] },
  conntrack: { package: 'conntrack', binaries: () => ['/usr/sbin/conntrack'] },
};

function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** Returns the path of `program`, installing its Debian package first if needed. */
export function ensureProgram(program) {
  const spec = PACKAGES[program];
  if (!spec) throw new Error(`unknown program ${program}`);
  const find = () => spec.binaries().find((p) => p && existsSync(p)) ?? onPath(program);
  const existing = find();
  if (existing) return existing;
  const canApt = process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get');
  if (!canApt) {
    console.error(
      `duet: ${program} is missing: install the Debian package "${spec.package}" (sudo apt-get install -y ${spec.package})`,
    );
    process.exit(1);
  }
  console.error(`duet: installing ${spec.package} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', spec.package], {
    stdio: 'inherit',
    env,
  });
  const installed = find();
  if (!installed) {
    console.error(`duet: apt-get installed ${spec.package} but ${program} is still not found`);
    process.exit(1);
  }
  return installed;
}

// As a command: node scripts/system-deps.mjs chromium [turnserver …]
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const program of process.argv.slice(2)) console.log(`${program}: ${ensureProgram(program)}`);
}
