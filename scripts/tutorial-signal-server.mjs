// The baseline for `npm run bench:signal -- --baseline`: the tutorial's signaling server, ported
// to socket.io 4 and to duet's payload shape so the same load drives both. Like the tutorial it
// takes socket.io's defaults, checks nothing and relays `message` to the rest of the room. The
// only additions are what the benchmark reads: the "listening" line and the relayed counter.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const ROOM_CAPACITY = 2;
let relayed = 0;

const http = createServer((req, res) => {
  if (req.url !== '/metrics') return void res.writeHead(404).end();
  res.end(`duet_messages_relayed_total ${relayed}\n`);
});
const io = new Server(http);

io.on('connection', (socket) => {
  socket.on('join', ({ roomId }) => {
    socket.join(roomId);
    const users = io.sockets.adapter.rooms.get(roomId)?.size ?? 0;
    if (users <= ROOM_CAPACITY) {
      socket.emit('joined', { roomId, userNum: users, userId: socket.id });
      if (users > 1) socket.to(roomId).emit('otherjoined', { roomId, userId: socket.id });
    } else {
      socket.leave(roomId);
      socket.emit('full', { roomId, userNum: users - 1 });
    }
  });
  socket.on('message', ({ roomId, data }) => {
    socket.to(roomId).emit('message', data, { from: socket.id });
    relayed += 1;
  });
  socket.on('leave', ({ roomId }) => {
    socket.to(roomId).emit('bye', { roomId, userId: socket.id });
    socket.leave(roomId);
    socket.emit('leaved', { roomId });
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'listening', port: http.address().port }));
  process.once('SIGTERM', () => {
    io.close();
    process.exit(0);
  });
});
