// A room member outside the browser: a socket.io client that joins a fresh room, for tests that
// need its membership proof (the `iceToken` that GET /api/ice-servers asks for).
import { io } from 'socket.io-client';
import type { JoinedPayload } from '../../src/shared/protocol';

export interface Member {
  joined: JoinedPayload;
  /** `Authorization` header for GET /api/ice-servers. */
  authorization: { Authorization: string };
  leave(): void;
}

export async function joinAsMember(serverUrl: string): Promise<Member> {
  const socket = io(serverUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  const roomId = `member-${Math.random().toString(36).slice(2, 10)}`;
  const joined = await new Promise<JoinedPayload>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('joined', resolve);
    socket.emit('join', { roomId });
  });
  return {
    joined,
    authorization: { Authorization: `Bearer ${joined.iceToken}` },
    leave: () => socket.disconnect(),
  };
}
