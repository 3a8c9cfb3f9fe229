// The second baseline of `npm run bench:signal -- --baseline`: the PeerJS server (npm `peer`) as
// its README starts it, with its defaults, but for the port (free, from PORT) and the limit on
// concurrent peers (default 5,000), raised so the benchmark decides the load. No rooms and no
// checks: it relays `{type, dst, payload}` to the peer registered as `dst`. The additions are the
// "listening" line the benchmark reads and an exit on SIGTERM.
import { PeerServer } from 'peer';

PeerServer(
  {
    port: Number(process.env.PORT ?? 0),
    host: process.env.HOST ?? '127.0.0.1',
    path: '/',
    concurrent_limit: 1_000_000,
  },
  (server) => {
    console.log(JSON.stringify({ msg: 'listening', port: server.address().port }));
    // An exit of its own on SIGTERM, so that --cpu-prof writes its profile (as the tutorial's).
    process.once('SIGTERM', () => process.exit(0));
  },
);
