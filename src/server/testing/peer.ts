// Test clients: real socket.io clients that record what they receive, for server integration tests.
import {
  io as connectClient,
  type ManagerOptions,
  type Socket as ClientSocket,
  type SocketOptions,
} from 'socket.io-client';
import type { RunningServer } from '../start.js';

const clients: ClientSocket[] = [];

/** Disconnects every client `connect` made; call it after each test. */
export function disconnectClients(): void {
  for (const client of clients.splice(0)) client.disconnect();
}

/** A connected client that records every event it receives. */
export class Peer {
  readonly events: { event: string; args: unknown[] }[] = [];

  constructor(readonly socket: ClientSocket) {
    socket.onAny((event: string, ...args: unknown[]) => this.events.push({ event, args }));
  }

  get id(): string {
    return this.socket.id ?? '';
  }

  emit(event: string, ...args: unknown[]): void {
    this.socket.emit(event, ...args);
  }

  /** The first argument of the next `event` to arrive (that `matches`, when given). */
  next<T = Record<string, unknown>>(
    event: string,
    timeoutMs = 3000,
    matches: (payload: T) => boolean = () => true,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off(event, listener);
        reject(new Error(`no '${event}' within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (payload: T) => {
        if (!matches(payload)) return;
        this.socket.off(event, listener);
        clearTimeout(timer);
        resolve(payload);
      };
      this.socket.on(event, listener);
    });
  }

  private barriers = 0;

  /** Resolves once the server has answered everything this peer was sent before now. */
  async sync(timeoutMs = 10_000): Promise<void> {
    // A room of its own, so a `leaved` answering the peer's own earlier leave does not count.
    const roomId = `sync-barrier-${(this.barriers += 1)}`;
    const done = this.next<{ roomId: string }>('leaved', timeoutMs, (p) => p.roomId === roomId);
    this.emit('leave', { roomId });
    await done;
  }

  /** Emits, then resolves with the first argument of the next `reply`. */
  ask<T = Record<string, unknown>>(reply: string, event: string, ...args: unknown[]): Promise<T> {
    const answer = this.next<T>(reply);
    this.emit(event, ...args);
    return answer;
  }

  received(event: string): unknown[][] {
    return this.events.filter((e) => e.event === event).map((e) => e.args);
  }

  join(roomId: string, clientId?: string): Promise<Record<string, unknown>> {
    return this.ask('joined', 'join', clientId === undefined ? { roomId } : { roomId, clientId });
  }
}

export async function connect(
  server: { url: string },
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<Peer> {
  const socket = connectClient(server.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...options,
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return new Peer(socket);
}

/** Disconnects `peer` and waits until the server has run its disconnect handling. */
export async function disconnect(server: RunningServer, peer: Peer): Promise<void> {
  const serverSide = server.io.of('/').sockets.get(peer.id);
  const gone = new Promise((resolve) => serverSide?.once('disconnect', resolve));
  peer.socket.disconnect();
  await gone;
}
