// Test harness: a throwaway nginx (master + one worker, in the foreground) on a free loopback
// port, with an `http {}` block the test supplies; stopped by PID.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { ownChild } from './ownedChild.js';
import { systemProgram } from './systemProgram.js';
import { tempDir } from './tempDirs.js';

export interface TestNginx {
  url: string;
  stop(): Promise<void>;
}

/** `site(port)` returns the directives inside `http {}`; it must listen on 127.0.0.1:`port`. */
export async function startNginx(site: (port: number) => string): Promise<TestNginx> {
  const port = await freePort();
  const dir = tempDir('duet-nginx-');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${join(dir, kind)};`)
    .join('\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      temp,
      site(port),
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(
    systemProgram('nginx'),
    ['-p', dir, '-c', 'nginx.conf', '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const stop = ownChild(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  // Ready once the port accepts a connection; nginx that exits has said why on stderr.
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
    if (await accepts(port)) break;
    if (attempt === 100) {
      await stop();
      throw new Error(`nginx did not listen on ${port} within 5 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
