// socket.io's four type parameters for this server, in socket.io's own names.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol.js';

/** Events between cluster nodes (through the Redis adapter; a single node sends none). */
export interface InterServerEvents {
  /** The user re-joined `roomId` elsewhere: the node holding `socketId` takes the room from it. */
  evict: (socketId: string, roomId: string) => void;
}

export interface SocketData {
  /**
   * roomId → the userId this socket holds a seat under. Kept on the socket, not asked of the
   * (async, maybe remote) registry, because every relayed message checks it.
   */
  rooms: Map<string, string>;
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
