// A cluster node keeps the relays of a room whose members all sit on it off Redis: publishing
// them would cost it an encode, a round trip and its own copy coming back (it is subscribed to
// the room's channel) before delivering them, for no other node to read.
//
// A room counts as local until this node learns that some member sits elsewhere: from the
// registry's answer to a join here (a peer that is none of this node's sockets in the room), or
// from traffic of the room arriving from another node. A node seating a member whose peers sit
// elsewhere tells their nodes so on the room's channel before its member hears `joined`: from
// then on, whatever the peers send reaches it, as it would with every relay published.
// Once elsewhere, a room stays so until its last member here leaves: flipping back while members
// remain could deliver a later relay (local, at once) before an earlier one (waiting on Redis).
import type { ClusterAdapter, ClusterMessage } from 'socket.io-adapter';
import { MessageType } from 'socket.io-adapter';
import type { SeatListener } from './roomBackend.js';
import type { SignalingServer } from './types.js';

type Namespace = ReturnType<SignalingServer['of']>;
type AdapterFactory = (nsp: Namespace) => ClusterAdapter;

/** What ClusterAdapter hands every message from another node to: its hook for subclasses. */
interface MessageHook {
  onMessage(message: ClusterMessage, offset?: string): void;
}

/** How long a join waits at most for Redis to take its notice (a stalled Redis). */
const NOTICE_TIMEOUT_MS = 1000;

/** A socket.io event packet (type 2), sent to a room except that room: it reaches no socket. */
const notice = () => ({ type: 2, data: ['spans-nodes'] });

/**
 * `factory`'s adapter for the main namespace, with broadcasts to a local room kept on this
 * node, and the listener the room handlers tell of each seat taken here.
 */
export function localRooms(factory: AdapterFactory): {
  adapter: AdapterFactory;
  seats: SeatListener;
} {
  let seated: SeatListener['seated'] = () => undefined;
  // A function, not an arrow: socket.io calls the factory with `new`.
  function adapter(nsp: Namespace): ClusterAdapter {
    const inner = factory(nsp);
    if (nsp.name !== '/') return inner;
    const elsewhere = new Set<string>();
    inner.on('delete-room', (room: string) => elsewhere.delete(room));
    const broadcast = inner.broadcast.bind(inner);

    seated = (roomId, peers) => {
      const here = new Set<string>();
      for (const socketId of inner.rooms.get(roomId) ?? []) {
        const userId = nsp.sockets.get(socketId)?.data.rooms.get(roomId);
        if (userId !== undefined) here.add(userId);
      }
      if (peers.every((peer) => here.has(peer))) return undefined;
      elsewhere.add(roomId);
      // Redis has passed the notice on to the peers' nodes once it answers the publish.
      const rooms = new Set([roomId]);
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, NOTICE_TIMEOUT_MS);
        void broadcast(notice(), { rooms, except: rooms, flags: {} }).finally(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    };

    // The sharded adapter's class is not exported: its hook is wrapped on the instance. Our own
    // copies coming back only concern rooms already published, so they change nothing.
    const hook = inner as unknown as MessageHook;
    const onMessage = hook.onMessage.bind(inner);
    hook.onMessage = (message, offset) => {
      if (message.type === MessageType.BROADCAST) {
        for (const room of message.data.opts.rooms) if (inner.rooms.has(room)) elsewhere.add(room);
      }
      onMessage(message, offset);
    };

    inner.broadcast = (packet, opts) => {
      const [room, ...more] = opts.rooms;
      const local =
        room !== undefined &&
        more.length === 0 &&
        inner.rooms.has(room) &&
        !elsewhere.has(room) &&
        opts.flags?.local !== true;
      return broadcast(packet, local ? { ...opts, flags: { ...opts.flags, local: true } } : opts);
    };
    return inner;
  }
  return { adapter, seats: { seated: (roomId, peers) => seated(roomId, peers) } };
}
