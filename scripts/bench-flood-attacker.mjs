// The flood of `npm run bench:flood`, in its own process so its work does not slow the honest
// clients' clocks: from one address, opens connections in waves as fast as the server answers,
// and from every connection it gets sends joins at made-up rooms and messages, without pause,
// until the parent says "stop"; then reports what it counted over IPC and exits.
import { io } from 'socket.io-client';

const [url, address] = process.argv.slice(2);
const WAVE = 50;
/** Each admitted connection sends a join and a message this often (far above every rate limit). */
const SPAM_EVERY_MS = 5;

const counts = {
  attempts: 0,
  admitted: 0,
  refusedAtHandshake: 0,
  joinsSent: 0,
  errorsReceived: 0,
  messagesSent: 0,
  disconnectedByServer: 0,
};
const sockets = [];
const timers = [];
let stopping = false;

function attempt() {
  counts.attempts += 1;
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress: address,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      counts.admitted += 1;
      sockets.push(socket);
      socket.on('error', () => (counts.errorsReceived += 1));
      socket.on('disconnect', (reason) => {
        if (reason === 'io server disconnect' || reason === 'transport close')
          if (!stopping) counts.disconnectedByServer += 1;
      });
      let n = 0;
      timers.push(
        setInterval(() => {
          n += 1;
          const roomId = `flood-${process.pid}-${counts.joinsSent}`;
          socket.emit('join', { roomId });
          counts.joinsSent += 1;
          socket.emit('message', { roomId, data: { type: 'candidate', value: { n } } });
          counts.messagesSent += 1;
        }, SPAM_EVERY_MS),
      );
      resolve();
    });
    socket.once('connect_error', () => {
      counts.refusedAtHandshake += 1;
      socket.close();
      resolve();
    });
  });
}

process.on('message', () => {
  stopping = true;
});

while (!stopping) {
  await Promise.all(Array.from({ length: WAVE }, attempt));
}
for (const timer of timers) clearInterval(timer);
for (const socket of sockets) socket.disconnect();
process.send(counts, () => process.exit(0));
