// The clients of `npm run bench:signal`, one kind per server protocol, behind one interface so the
// same pairs, probes and checks drive every server: socket.io (duet and the tutorial's server:
// rooms, `join`, `message` relayed to the room) and PeerJS (no rooms: a peer registers under an id
// when its WebSocket opens and sends to the partner's id; the server adds `src`).
import { io as connectSocketIo, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

// A realistic trickled ICE candidate, the commonest signaling message.
const CANDIDATE =
  'candidate:842163049 1 udp 1677729535 192.0.2.44 61665 typ srflx raddr 10.0.0.7 rport 61665 generation 0 ufrag EsAw network-cost 999';

/** A join not answered by then is counted as failed (the benchmark stops rather than hang). */
const JOIN_TIMEOUT_MS = 30_000;

/** What a pair bounces between its two members. */
export interface Probe {
  r: number; // room number
  s: number; // round
  echo: boolean;
  t: number; // sender's clock at the ping
}

export type ClientKind = 'socket.io' | 'peerjs';

/** One member of a pair, whatever the server speaks. */
export interface BenchClient {
  /** Opens the connection; false when it could not. */
  connect(): Promise<boolean>;
  /**
   * Takes the member's seat; resolves with the id the partner sees as the sender, rejects when
   * the server refuses the join or does not answer it within JOIN_TIMEOUT_MS.
   */
  join(): Promise<string>;
  /** A candidate carrying the probe, to the partner. */
  send(probe: Probe): void;
  onMessage(handler: (probe: Probe, from: string) => void): void;
  /** The connection dropped, not closed by the bench. */
  onDrop(handler: (reason: string) => void): void;
  onError(handler: () => void): void;
  close(): void;
}

const candidate = (probe: Probe) => ({
  candidate: CANDIDATE,
  sdpMid: '0',
  sdpMLineIndex: 0,
  probe,
});

/** duet's and the tutorial's protocol: websocket transport, a room per pair. */
function socketIoClient(url: string, room: number): BenchClient {
  const roomId = `bench-${room}`;
  let socket: Socket;
  return {
    connect() {
      socket = connectSocketIo(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: 60_000,
      });
      return new Promise((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
    },
    join() {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => settle(new Error('no answer')), JOIN_TIMEOUT_MS);
        const settle = (outcome: string | Error) => {
          clearTimeout(timer);
          socket.off('joined', onJoined).off('full', onRefused).off('error', onRefused);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        };
        const onJoined = (joined: { userId: string }) => settle(joined.userId);
        const onRefused = (why: unknown) => settle(new Error(JSON.stringify(why)));
        socket.on('joined', onJoined).on('full', onRefused).on('error', onRefused);
        socket.emit('join', { roomId });
      });
    },
    send(probe) {
      socket.emit('message', { roomId, data: { type: 'candidate', value: candidate(probe) } });
    },
    onMessage(handler) {
      socket.on('message', (data: { value: { probe: Probe } }, meta: { from: string }) =>
        handler(data.value.probe, meta.from),
      );
    },
    onDrop(handler) {
      socket.on('disconnect', (reason) => {
        if (reason !== 'io client disconnect') handler(reason);
      });
    },
    onError(handler) {
      socket.on('error', handler);
    },
    close() {
      socket.disconnect();
    },
  };
}

/** What the PeerJS client sends to stay registered (its default interval). */
const PEERJS_HEARTBEAT_MS = 5000;

/**
 * The PeerJS server's protocol, as its browser client speaks it: a WebSocket to
 * /peerjs?key&id&token, `OPEN` once registered, `HEARTBEAT` every 5 s, and
 * `{type, dst, payload}` relayed to `dst` with `src` added.
 */
function peerJsClient(url: string, room: number, seat: 0 | 1): BenchClient {
  const id = `bench-${room}-${seat}`;
  const partner = `bench-${room}-${1 - seat}`;
  const wsUrl = `${url.replace(/^http/, 'ws')}/peerjs?key=peerjs&id=${id}&token=t${room}${seat}`;
  let ws: WebSocket | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closing = false;
  const messageHandlers: ((probe: Probe, from: string) => void)[] = [];
  const dropHandlers: ((reason: string) => void)[] = [];
  const errorHandlers: (() => void)[] = [];
  return {
    // PeerJS registers a peer when its WebSocket opens: there is no separate join, so the socket
    // opens in join() and the join time is the WebSocket handshake plus `OPEN`.
    connect: () => Promise.resolve(true),
    join() {
      const socket = new WebSocket(wsUrl, { perMessageDeflate: false });
      ws = socket;
      return new Promise((resolve) => {
        socket.on('message', (raw) => {
          const message = JSON.parse(String(raw)) as {
            type: string;
            src?: string;
            payload?: { probe: Probe };
          };
          if (message.type === 'OPEN') {
            heartbeat = setInterval(() => socket.send('{"type":"HEARTBEAT"}'), PEERJS_HEARTBEAT_MS);
            resolve(id);
          } else if (message.type === 'CANDIDATE' && message.payload && message.src) {
            for (const handler of messageHandlers) handler(message.payload.probe, message.src);
          } else {
            for (const handler of errorHandlers) handler(); // ERROR, ID-TAKEN, EXPIRE…
          }
        });
        socket.on('error', () => {
          for (const handler of errorHandlers) handler();
        });
        socket.on('close', (code) => {
          clearInterval(heartbeat);
          if (!closing) for (const handler of dropHandlers) handler(`close ${code}`);
          resolve(id); // refused before OPEN: counted as a drop, and the join phase goes on
        });
      });
    },
    send(probe) {
      ws!.send(JSON.stringify({ type: 'CANDIDATE', dst: partner, payload: candidate(probe) }));
    },
    onMessage: (handler) => void messageHandlers.push(handler),
    onDrop: (handler) => void dropHandlers.push(handler),
    onError: (handler) => void errorHandlers.push(handler),
    close() {
      closing = true;
      clearInterval(heartbeat);
      ws?.close();
    },
  };
}

export function createBenchClient(
  kind: ClientKind,
  url: string,
  room: number,
  seat: 0 | 1,
): BenchClient {
  return kind === 'peerjs' ? peerJsClient(url, room, seat) : socketIoClient(url, room);
}
