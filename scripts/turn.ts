// npm run turn [-- --port 3478 --min-port 49160 --max-port 49199 --secret S --ip 127.0.0.1]
// Starts a local coturn (installing the Debian package when missing) whose secret duet's server
// can share, prints the env to start duet with, streams coturn's log, and stops on Ctrl-C.
// The secret is TURN_SECRET from the environment when set, else a fresh random one.
import { duetTurnEnv, startCoturn } from '../e2e/support/coturn';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = (name: string, fallback: number): number => {
  const raw = option(name) ?? String(fallback);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`npm run turn: ${name} must be a port number (1–65535), got "${raw}"`);
    process.exit(2);
  }
  return value;
};

const settings = {
  ip: option('--ip') ?? '127.0.0.1',
  port: port('--port', 3478),
  minPort: port('--min-port', 49160),
  maxPort: port('--max-port', 49199),
  secret: option('--secret') ?? (process.env.TURN_SECRET?.trim() || undefined),
};
if (settings.minPort > settings.maxPort) {
  console.error('npm run turn: --min-port must not be above --max-port');
  process.exit(2);
}

const coturn = await startCoturn({
  ...settings,
  onLog: (line) => console.log(`coturn | ${line}`),
}).catch((error: Error) => {
  console.error(`npm run turn: coturn did not start: ${error.message}`);
  console.error('Is the port taken? Try another one with -- --port N.');
  process.exit(1);
});
const s = coturn.settings;
const env = duetTurnEnv(s);
console.log(`
coturn is listening on ${s.ip}:${s.port} (UDP and TCP), relaying on ports ${s.minPort}-${s.maxPort}.
Start duet against it (in another terminal):

  TURN_URLS='${env.TURN_URLS}' TURN_SECRET='${env.TURN_SECRET}' npm start

then open http://localhost:3000/?relay=1 to force calls through the relay. Ctrl-C stops coturn.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping coturn…');
    void coturn.dispose().then(() => process.exit(0));
  });
}
