// The path of a system program a test needs (redis-server, nginx), installing its Debian package
// when missing and allowed. system-deps.mjs runs as a child: on failure it exits, which must end
// only that child (execFileSync then throws its message), not the test worker.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SYSTEM_DEPS = fileURLToPath(new URL('../../../scripts/system-deps.mjs', import.meta.url));
const found = new Map<string, string>();

export function systemProgram(name: string): string {
  let path = found.get(name);
  if (path === undefined) {
    const line = execFileSync(process.execPath, [SYSTEM_DEPS, name], { encoding: 'utf8' });
    path = line.trim().replace(`${name}: `, '');
    found.set(name, path);
  }
  return path;
}
