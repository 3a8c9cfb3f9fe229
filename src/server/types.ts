// socket.io's four type parameters for this server, in socket.io's own names.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol.js';
import type { Knock, KnockAnswer } from './rooms/knocks.js';

/** Events between cluster nodes (through the Redis adapter; a single node sends none). */
export interface InterServerEvents {
  /** The user re-joined `roomId` elsewhere: the node holding `socketId` takes the room from it. */
  evict: (socketId: string, roomId: string) => void;
  /** A member answered a knock; the node holding the knocker's socket settles it. */
  knockanswer: (knockId: string, roomId: string, answer: KnockAnswer) => void;
}

export interface SocketData {
  /**
   * roomId → the userId this socket holds a seat under. Kept on the socket, not asked of the
   * (async, maybe remote) registry, because every relayed message checks it.
   */
  rooms: Map<string, string>;
  /** roomId → this socket's knock waiting at that locked room. */
  knocks: Map<string, Knock>;
  /** The client's address (behind TRUSTED_PROXIES, the one they forward): per-address limits. */
  address: string;
}

export type SignalingServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type SignalingSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
