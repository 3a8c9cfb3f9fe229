// Typed wrapper over socket.io-client: connect / join / send / leave / close, plus connection status.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SignalData } from '../../shared/protocol';
import { Emitter } from './emitter';

export type SignalStatus = 'connecting' | 'online' | 'reconnecting';

/** The server's events as they reach the app, plus the connection's own. */
export type SignalEvents = Pick<
  ServerToClientEvents,
  | 'joined'
  | 'otherjoined'
  | 'full'
  | 'message'
  | 'bye'
  | 'error'
  | 'knocking'
  | 'knock'
  | 'knockclosed'
  | 'denied'
  | 'locked'
> & {
  status: (status: SignalStatus, reason?: string) => void;
  /** The socket came back after a drop: rooms must be joined again. */
  reconnected: () => void;
};

/** What a join may bring besides the room id (see JoinPayload). */
export interface JoinOptions {
  resume?: boolean;
  passcode?: string;
  name?: string;
}

export interface SignalServerOptions {
  /** Server origin; the page's own origin when omitted. */
  url?: string;
}

export class SignalServer extends Emitter<SignalEvents> {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private everConnected = false;
  status: SignalStatus = 'connecting';

  constructor(options: SignalServerOptions = {}) {
    super();
    const socketOptions = {
      // duet's own client can skip long-polling; it falls back to it where websockets are blocked.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 2000,
    };
    this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);
    this.socket.on('connect', () => {
      this.setStatus('online');
      if (this.everConnected) this.emit('reconnected');
      this.everConnected = true;
    });
    this.socket.on('disconnect', (reason) => {
      // 'io client disconnect' is our own close(); anything else is a drop we recover from.
      if (reason !== 'io client disconnect') this.setStatus('reconnecting', reason);
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('connect_error', (err) => this.setStatus('reconnecting', err.message));
    this.socket.on('joined', (p) => this.emit('joined', p));
    this.socket.on('otherjoined', (p) => this.emit('otherjoined', p));
    this.socket.on('full', (p) => this.emit('full', p));
    this.socket.on('message', (data, meta) => this.emit('message', data, meta));
    this.socket.on('bye', (p) => this.emit('bye', p));
    this.socket.on('error', (p) => this.emit('error', p));
    this.socket.on('knocking', (p) => this.emit('knocking', p));
    this.socket.on('knock', (p) => this.emit('knock', p));
    this.socket.on('knockclosed', (p) => this.emit('knockclosed', p));
    this.socket.on('denied', (p) => this.emit('denied', p));
    this.socket.on('locked', (p) => this.emit('locked', p));
  }

  join(roomId: string, clientId: string, options: JoinOptions = {}): void {
    const { resume, passcode, name } = options;
    this.socket.emit('join', {
      roomId,
      clientId,
      ...(resume ? { resume } : {}),
      ...(passcode ? { passcode } : {}),
      ...(name ? { name } : {}),
    });
  }

  lock(roomId: string, locked: boolean, passcode?: string): void {
    this.socket.emit('lock', passcode ? { roomId, locked, passcode } : { roomId, locked });
  }

  admit(roomId: string, knockId: string): void {
    this.socket.emit('admit', { roomId, knockId });
  }

  decline(roomId: string, knockId: string): void {
    this.socket.emit('decline', { roomId, knockId });
  }

  send(roomId: string, data: SignalData): void {
    this.socket.emit('message', { roomId, data });
  }

  leave(roomId: string): void {
    this.socket.emit('leave', { roomId });
  }

  close(): void {
    this.socket.close();
    this.removeAllListeners();
  }

  private setStatus(status: SignalStatus, reason?: string): void {
    this.status = status;
    this.emit('status', status, reason);
  }
}
