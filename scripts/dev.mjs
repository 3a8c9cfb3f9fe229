// npm run dev: the signaling server (restarted on change) on 3001 and Vite with hot reload on 5173,
// which proxies /socket.io and /api to it. Open http://localhost:5173.
import { spawn } from 'node:child_process';

const SIGNALING_PORT = process.env.SIGNALING_PORT ?? '3001';
const children = [
  spawn('tsx', ['watch', 'src/server/index.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: SIGNALING_PORT, HOST: '127.0.0.1' },
  }),
  spawn('vite', [], { stdio: 'inherit', env: { ...process.env, SIGNALING_PORT } }),
];
const stop = (code = 0) => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
};
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());
