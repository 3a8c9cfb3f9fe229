// How a cluster node carries a room's relays: straight to the nodes that hold its other members,
// or nowhere when they all sit on this node.
//
// Over the room's own channel, every relay would come back to the node that sent it (it listens
// to the room, having members there): a read and a decode for nothing. And a room whose members
// all sit on one node would pay an encode and a round trip to Redis that no other node reads.
// So each node listens on a channel of its own, and a relay goes to the channels of the nodes the
// room's other members sit on. A node learns them
// - from the registry when a member takes a seat here (the seats record their node);
// - from a notice: a node seating a member whose peers sit elsewhere tells their nodes so before
//   its member hears `joined`, so that whatever the peers send from then on reaches it;
// - from traffic: every relay names the node it comes from.
// A node forgets a room's nodes only when its last member here leaves: a relay to a node that no
// longer needs it is dropped there, but a relay held back from one that does would be lost.
// A node with no member in a room (a sweep's `bye`) still broadcasts over the room's channel, as
// the adapter does, and every member's node hears it.
import type { ClusterAdapter, ClusterMessage } from 'socket.io-adapter';
import { MessageType } from 'socket.io-adapter';
import type { SeatListener } from './roomBackend.js';
import type { SignalingServer } from './types.js';

type Namespace = ReturnType<SignalingServer['of']>;
type AdapterFactory = (nsp: Namespace) => ClusterAdapter;

/** A cluster message that says which node sent it. */
type Routed = ClusterMessage & { node?: string };

/** The channels of the cluster's nodes, one each, on the Redis the adapter uses. */
export interface NodeChannels {
  /** This node's id in the registry. */
  nodeId: string;
  publish(nodeId: string, payload: string | Buffer): Promise<unknown>;
  /** Hands each message on this node's channel to `handler`, with the channel's name. */
  listen(handler: (payload: Buffer, channel: Buffer) => void): void;
}

/** The sharded adapter's methods besides ClusterAdapter's API (its class is not exported). */
interface ShardedAdapterInternals {
  uid: string;
  onMessage(message: ClusterMessage, offset?: string): void;
  doPublish(message: ClusterMessage): Promise<string>;
  encode(message: ClusterMessage): string | Buffer;
  onRawMessage(payload: Buffer, channel: Buffer): void;
}

/** How long a join waits at most for Redis to take its notice (a stalled Redis). */
const NOTICE_TIMEOUT_MS = 1000;
/** How long the nodes of a room this node has no member in (yet) are kept. */
const UNHELD_ROOM_MS = 10_000;

/** A socket.io event packet (type 2), sent to a room except that room: it reaches no socket. */
const notice = () => ({ type: 2, data: ['spans-nodes'] });

/**
 * `factory`'s adapter for the main namespace, with each room's broadcasts routed to the nodes
 * that hold its other members, and the listener the room handlers tell of each seat taken here.
 */
export function roomRoutes(
  factory: AdapterFactory,
  channels: NodeChannels,
): { adapter: AdapterFactory; seats: SeatListener } {
  let seated: SeatListener['seated'] = () => undefined;
  // A function, not an arrow: socket.io calls the factory with `new`.
  function adapter(nsp: Namespace): ClusterAdapter {
    const inner = factory(nsp);
    if (nsp.name !== '/') return inner;
    const sharded = inner as unknown as ShardedAdapterInternals;
    const { nodeId } = channels;

    // room → the other nodes that hold members of it.
    const routes = new Map<string, Set<string>>();
    // Rooms with routes but no member here (a notice that came before our member's join, or
    // a member that never got to join): since when, so they can be forgotten.
    const unheld = new Map<string, number>();
    const routeOf = (room: string): Set<string> => {
      let nodes = routes.get(room);
      if (nodes === undefined) routes.set(room, (nodes = new Set()));
      if (!inner.rooms.has(room) && !unheld.has(room)) unheld.set(room, Date.now());
      return nodes;
    };
    inner.on('create-room', (room: string) => unheld.delete(room));
    inner.on('delete-room', (room: string) => {
      routes.delete(room);
      unheld.delete(room);
    });
    const forget = setInterval(() => {
      const before = Date.now() - UNHELD_ROOM_MS;
      for (const [room, since] of unheld) {
        if (since > before) continue;
        unheld.delete(room);
        if (!inner.rooms.has(room)) routes.delete(room);
      }
    }, UNHELD_ROOM_MS);
    forget.unref();
    const close = inner.close.bind(inner);
    inner.close = () => {
      clearInterval(forget);
      return close();
    };

    const send = (nodes: Iterable<string>, message: ClusterMessage): Promise<string> => {
      const payload = sharded.encode({ ...message, node: nodeId } as Routed);
      return Promise.all([...nodes].map((node) => channels.publish(node, payload))).then(() => '');
    };

    seated = (roomId, peerNodes) => {
      const others = peerNodes.filter((node) => node !== nodeId);
      if (others.length === 0) return undefined;
      const nodes = routeOf(roomId);
      for (const node of others) nodes.add(node);
      const rooms = [roomId];
      const told = send(others, {
        uid: sharded.uid,
        nsp: nsp.name,
        type: MessageType.BROADCAST,
        data: { packet: notice(), opts: { rooms, except: rooms, flags: {} } },
      });
      // Redis has passed the notice on to the peers' nodes once it answers the publish.
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, NOTICE_TIMEOUT_MS);
        void told
          .catch(() => '')
          .finally(() => {
            clearTimeout(timer);
            resolve();
          });
      });
    };

    // Relays to a room with members here and elsewhere go to the other members' nodes only.
    const doPublish = sharded.doPublish.bind(inner);
    sharded.doPublish = (message) => {
      if (message.type === MessageType.BROADCAST && message.data.requestId === undefined) {
        const [room, ...more] = message.data.opts.rooms;
        const nodes = room === undefined ? undefined : routes.get(room);
        if (more.length === 0 && nodes !== undefined && nodes.size > 0 && inner.rooms.has(room!)) {
          return send(nodes, message);
        }
      }
      return doPublish(message);
    };

    const onMessage = sharded.onMessage.bind(inner);
    sharded.onMessage = (message: Routed, offset) => {
      const from = message.node;
      if (message.type === MessageType.BROADCAST && from !== undefined && from !== nodeId) {
        for (const room of message.data.opts.rooms) routeOf(room).add(from);
      }
      onMessage(message, offset);
    };
    channels.listen((payload, channel) => sharded.onRawMessage(payload, channel));

    // A room with no other node to reach stays on this node.
    const broadcast = inner.broadcast.bind(inner);
    inner.broadcast = (packet, opts) => {
      const [room, ...more] = opts.rooms;
      const local =
        room !== undefined &&
        more.length === 0 &&
        inner.rooms.has(room) &&
        (routes.get(room)?.size ?? 0) === 0 &&
        opts.flags?.local !== true;
      return broadcast(packet, local ? { ...opts, flags: { ...opts.flags, local: true } } : opts);
    };
    return inner;
  }
  return { adapter, seats: { seated: (roomId, peerNodes) => seated(roomId, peerNodes) } };
}
