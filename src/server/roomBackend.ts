// Where rooms live, as the server sees it: a registry, the socket.io options it needs and its
// background work. The in-memory backend is here; the Redis one is in cluster.ts.
import type { SignalingOptions } from './app.js';
import { newTokenKey } from './memberToken.js';
import { MemoryRoomRegistry } from './rooms/memoryRegistry.js';
import type { RoomRegistry } from './rooms/registry.js';
import type { SignalingServer } from './types.js';

/** Told of each seat a socket of this node takes, with the userIds of the room's other members. */
export interface SeatListener {
  /** Called just before the socket joins the room; the joiner hears `joined` once it settles. */
  seated(roomId: string, peers: readonly string[]): Promise<void> | undefined;
}

export interface RoomBackend {
  registry: RoomRegistry;
  /**
   * The key membership tokens are signed with: every node that serves the same rooms must
   * hold the same one (in a cluster it is kept in Redis; a single node makes its own).
   */
  tokenKey: Buffer;
  /** socket.io options this backend needs (the Redis adapter). */
  serverOptions: SignalingOptions;
  /** Pub/sub messages received from Redis so far. */
  fromRedis(): number;
  /** Where the room handlers say who else is in a room this node's sockets join. */
  seats?: SeatListener;
  /** Starts the background work that talks to sockets: heartbeat, sweeps that say `bye`. */
  attach(io: SignalingServer): void;
  close(): Promise<void>;
}

export interface ClusterTimings {
  /** How often this node renews its liveness key. */
  heartbeatMs: number;
  /** How long the key outlives the last heartbeat: a node silent that long counts as dead. */
  nodeTtlMs: number;
  /** How often this node looks for dead nodes' seats to free. */
  sweepMs: number;
}

/** A killed node's peers get `bye` within nodeTtlMs + sweepMs (8 s), inside the spec's 15 s. */
export const DEFAULT_TIMINGS: ClusterTimings = {
  heartbeatMs: 2000,
  nodeTtlMs: 6000,
  sweepMs: 2000,
};

export function memoryBackend(): RoomBackend {
  return {
    registry: new MemoryRoomRegistry(),
    tokenKey: newTokenKey(),
    serverOptions: {},
    fromRedis: () => 0,
    attach: () => {},
    close: async () => {},
  };
}
