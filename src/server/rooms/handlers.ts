// One socket's room events: validate → act → emit. Bad input answers `error` to the sender only
// and leaves the socket usable; a handler never throws into socket.io.
import type { Logger } from 'pino';
import {
  MAX_ROOMS_PER_SOCKET,
  parseAdmit,
  parseDecline,
  parseJoin,
  parseLeave,
  parseLock,
  parseMessage,
  type DeniedReason,
  type ErrorPayload,
  type JoinPayload,
  type KnockAnswerPayload,
  type LockPayload,
  type MessagePayload,
  type ParseResult,
} from '../../shared/protocol.js';
import type { AddressRate } from '../addressRate.js';
import type { Config } from '../config.js';
import type { SeatListener } from '../roomBackend.js';
import { iceServersFor } from '../ice.js';
import type { MemberTokens } from '../memberToken.js';
import { noMetrics, type SignalingMetrics } from '../metrics.js';
import type { SignalingServer, SignalingSocket } from '../types.js';
import { joinWithPasscode } from './access.js';
import type { KnockAnswer, KnockBook } from './knocks.js';
import { hashPasscode } from './passcode.js';
import type { JoinGrant, LockState, RoomLock, RoomRegistry } from './registry.js';
import { RateGate } from './rateGate.js';
import { SerialQueue } from './serialQueue.js';
import { userIdFor } from './userId.js';

export interface RoomHandlerDeps {
  io: SignalingServer;
  registry: RoomRegistry;
  logger: Logger;
  config: Pick<
    Config,
    'roomCapacity' | 'messageRate' | 'stunUrls' | 'turnUrls' | 'turnSecret' | 'turnTtl' | 'redisUrl'
  >;
  metrics?: SignalingMetrics;
  seats?: SeatListener;
  /** Knocks waiting on this node. */
  knocks: KnockBook;
  /** Signs the `iceToken` of `joined`. */
  tokens: MemberTokens;
  /** JOIN_RATE per client address. */
  joinsPerAddress: AddressRate;
  /** Passcode hashing (scrypt) per client address. */
  passcodeChecksPerAddress: AddressRate;
}

const KNOWN_EVENTS = new Set(['join', 'message', 'leave', 'lock', 'admit', 'decline']);

export function createConnectionHandler({
  io,
  registry,
  logger,
  config,
  metrics = noMetrics,
  seats,
  knocks,
  tokens,
  joinsPerAddress,
  passcodeChecksPerAddress,
}: RoomHandlerDeps) {
  return function onConnection(socket: SignalingSocket): void {
    socket.data.rooms = new Map();
    socket.data.knocks = new Map();
    const log = logger.child({ socketId: socket.id });

    const gate = rateGate(socket, config.messageRate, log, metrics);
    const withinRate = () => gate.admit();
    const reject = (error: ErrorPayload): void => {
      metrics.rejected(error.code);
      socket.emit('error', error);
      log.warn({ code: error.code, detail: error.message }, 'bad input');
      gate.refused();
    };
    const internal = (err: unknown): void => {
      log.error({ err }, 'handler failed');
      metrics.rejected('internal');
      socket.emit('error', { code: 'internal', message: 'internal server error' });
    };
    const queue = new SerialQueue(internal);

    /** A listener that cannot throw into socket.io. */
    const guarded =
      (listener: (args: unknown[]) => void) =>
      (...args: unknown[]): void => {
        try {
          listener(args);
        } catch (err) {
          internal(err);
        }
      };

    async function join(payload: JoinPayload, since: number, grant: JoinGrant = {}): Promise<void> {
      const { roomId, clientId, resume, passcode } = payload;
      const seated = socket.data.rooms.get(roomId);
      if (seated !== undefined) {
        const [members, { lock }] = await Promise.all([
          registry.members(roomId),
          registry.lockOf(roomId, seated),
        ]);
        const peers = members.map((member) => member.userId).filter((id) => id !== seated);
        sendJoined(roomId, seated, members.length, peers, lockStateOf(lock), since);
        return;
      }
      const knocking = socket.data.knocks.get(roomId);
      if (knocking !== undefined) {
        const expiresInMs = Math.max(0, Math.round(knocking.deadline - performance.now()));
        socket.emit('knocking', { roomId, expiresInMs });
        return;
      }
      if (socket.data.rooms.size + socket.data.knocks.size >= MAX_ROOMS_PER_SOCKET) {
        const message = `join: a connection may be in at most ${MAX_ROOMS_PER_SOCKET} rooms`;
        return reject({ code: 'too-many-rooms', message });
      }

      const userId = userIdFor(clientId, socket.id);
      const seat = { userId, socketId: socket.id };
      const result =
        passcode !== undefined && grant.admitted !== true
          ? await joinWithPasscode(
              { registry, checksPerAddress: passcodeChecksPerAddress },
              roomId,
              seat,
              config.roomCapacity,
              passcode,
              socket.data.address,
            )
          : await registry.join(roomId, seat, config.roomCapacity, grant);
      if (result.kind === 'denied') return deny(roomId, result.reason);
      if (result.kind === 'locked') return knock(payload);
      if (result.kind === 'full') {
        metrics.full();
        socket.emit('full', { roomId, userNum: result.userNum });
        log.info({ roomId, userNum: result.userNum }, 'full');
        return;
      }
      if (result.replacedSocketId !== undefined) evict(result.replacedSocketId, roomId);
      socket.data.rooms.set(roomId, userId);
      // A socket that dropped meanwhile joins no socket.io room; its queued disconnect says bye.
      if (socket.connected) {
        const told = seats?.seated(roomId, result.peers);
        await socket.join(roomId);
        await told;
      }
      sendJoined(roomId, userId, result.userNum, result.peers, result.lock, since);
      socket
        .to(roomId)
        .emit('otherjoined', resume ? { roomId, userId, resumed: true } : { roomId, userId });
      if (result.lockedNow)
        socket.to(roomId).emit('locked', { roomId, ...result.lock, by: userId });
      const replaced = result.replacedSocketId;
      log.info({ roomId, userId, userNum: result.userNum, replaced }, 'join');
    }

    function sendJoined(
      roomId: string,
      userId: string,
      userNum: number,
      peers: string[],
      lock: LockState,
      since: number,
    ): void {
      const now = Date.now();
      const { iceServers, ttl } = iceServersFor(config, userId, now);
      const expiresAtSec = Math.floor(now / 1000) + ttl;
      const iceToken = tokens.issue({ roomId, userId, socketId: socket.id, expiresAtSec });
      socket.emit('joined', {
        roomId,
        userNum,
        userId,
        peers,
        iceServers,
        iceTtl: ttl,
        iceToken,
        ...lock,
      });
      metrics.joined((performance.now() - since) / 1000);
      if (iceServers.some((server) => server.credential !== undefined)) {
        metrics.credentialIssued('joined');
      }
    }

    function deny(roomId: string, reason: DeniedReason): void {
      metrics.denied(reason);
      socket.emit('denied', { roomId, reason });
      log.info({ roomId, reason }, 'denied');
    }

    /**
     * The room is locked against this joiner: the members are asked. The joiner hears
     * `knocking` at once and, unless a member answers, `denied` (timeout) when the knock
     * expires, whether or not anyone is inside to answer.
     */
    function knock(payload: JoinPayload): void {
      const { roomId } = payload;
      const opened = knocks.open(roomId, socket.id, (outcome, { knockId }) => {
        socket.data.knocks.delete(roomId);
        metrics.knockSettled(outcome);
        io.to(roomId).emit('knockclosed', { roomId, knockId, outcome });
        log.info({ roomId, knockId, outcome }, 'knock settled');
        if (!socket.connected) return;
        if (outcome === 'admitted') {
          queue.run(() => join(payload, performance.now(), { admitted: true }));
        } else if (outcome === 'declined' || outcome === 'timeout') deny(roomId, outcome);
      });
      socket.data.knocks.set(roomId, opened);
      const expiresInMs = knocks.timeout;
      socket.emit('knocking', { roomId, expiresInMs });
      const { knockId } = opened;
      io.to(roomId).emit('knock', { roomId, knockId, name: payload.name ?? '', expiresInMs });
      log.info({ roomId, knockId }, 'knock');
    }

    function notMember(event: string, roomId: string): ErrorPayload {
      return { code: 'not-member', message: `${event}: not a member of room '${roomId}'` };
    }

    /** A member answers a knock, wherever the knocker's socket is. */
    function answerKnock({ roomId, knockId }: KnockAnswerPayload, answer: KnockAnswer): void {
      if (!socket.data.rooms.has(roomId)) {
        return reject(notMember(answer === 'admitted' ? 'admit' : 'decline', roomId));
      }
      if (!knocks.settle(knockId, roomId, answer) && config.redisUrl !== null) {
        io.serverSideEmit('knockanswer', knockId, roomId, answer);
      }
    }

    async function setLock({ roomId, locked, passcode }: LockPayload): Promise<void> {
      const userId = socket.data.rooms.get(roomId);
      if (userId === undefined) return reject(notMember('lock', roomId));
      let lock: RoomLock | null = null;
      if (locked) {
        if (passcode !== undefined && !passcodeChecksPerAddress.take(socket.data.address)) {
          return reject({ code: 'rate-limited', message: 'lock: too many passcodes; try later' });
        }
        lock = { passcode: passcode === undefined ? null : await hashPasscode(passcode) };
      }
      const state = await registry.setLock(roomId, { userId, socketId: socket.id }, lock);
      // Lost the seat while the passcode was hashed (taken over by a reload, say).
      if (state === null) return reject(notMember('lock', roomId));
      io.to(roomId).emit('locked', { roomId, ...state, by: userId });
      log.info({ roomId, ...state }, 'lock');
    }

    /** The user reconnected through this socket: the old one loses the seat quietly (no bye). */
    function evict(oldSocketId: string, roomId: string): void {
      // In a cluster the old socket may sit on another node; the adapter delivers this to it.
      // A gone socket's disconnect finds the seat taken and stays quiet.
      if (!evictLocal(io, oldSocketId, roomId) && config.redisUrl !== null) {
        io.serverSideEmit('evict', oldSocketId, roomId);
      }
    }

    /** Frees this socket's seat; bye to the others unless a newer socket took the seat over. */
    async function leaveRoom(roomId: string): Promise<void> {
      const userId = socket.data.rooms.get(roomId);
      if (userId === undefined) return;
      socket.data.rooms.delete(roomId);
      if (socket.connected) await socket.leave(roomId);
      let freed: boolean;
      try {
        freed = await registry.leave(roomId, userId, socket.id);
      } catch (err) {
        // Redis unreachable: this user has left all the same. The room hears it now; the seat
        // is freed by the cluster's sweep once Redis answers (see cluster.ts).
        log.warn({ roomId, err: (err as Error).message }, 'leave not recorded in the registry');
        freed = true;
      }
      if (freed) socket.to(roomId).emit('bye', { roomId, userId });
    }

    function relay({ roomId, data }: MessagePayload): void {
      const from = socket.data.rooms.get(roomId);
      if (from === undefined) return reject(notMember('message', roomId));
      socket.to(roomId).emit('message', data, { from });
      metrics.relayed();
    }

    socket.on(
      'join',
      guarded((args) => {
        const since = performance.now();
        if (!withinRate()) return;
        // Knocks and guesses at room ids alike: a crowd behind one address gets in at once,
        // a flood from it is held to JOIN_RATE.
        if (!joinsPerAddress.take(socket.data.address)) {
          metrics.rejected('rate-limited');
          const message = 'join: too many joins from your address; try again in a moment';
          socket.emit('error', { code: 'rate-limited', message });
          gate.refused();
          return;
        }
        const parsed = oneArgument(args, 'join', parseJoin);
        if (!parsed.ok) return reject(parsed.error);
        queue.run(() => join(parsed.value, since));
      }),
    );

    socket.on(
      'lock',
      guarded((args) => {
        if (!withinRate()) return;
        const parsed = oneArgument(args, 'lock', parseLock);
        if (!parsed.ok) return reject(parsed.error);
        queue.run(() => setLock(parsed.value));
      }),
    );

    for (const [event, parse, answer] of [
      ['admit', parseAdmit, 'admitted'],
      ['decline', parseDecline, 'declined'],
    ] as const) {
      socket.on(
        event,
        guarded((args) => {
          if (!withinRate()) return;
          const parsed = oneArgument(args, event, parse);
          if (!parsed.ok) return reject(parsed.error);
          answerKnock(parsed.value, answer);
        }),
      );
    }

    socket.on(
      'message',
      guarded((args) => {
        if (!withinRate()) return;
        const parsed = oneArgument(args, 'message', parseMessage);
        if (!parsed.ok) return reject(parsed.error);
        // Hot path: relay at once unless a join/leave is still in flight (keep the order).
        if (queue.busy) queue.run(() => relay(parsed.value));
        else relay(parsed.value);
      }),
    );

    socket.on(
      'leave',
      guarded((args) => {
        const parsed = oneArgument(args, 'leave', parseLeave);
        // A good leave is never rate limited: dropping it would strand a seat.
        if (!parsed.ok) {
          if (withinRate()) reject(parsed.error);
          return;
        }
        const { roomId } = parsed.value;
        queue.run(async () => {
          const wasMember = socket.data.rooms.has(roomId);
          const knock = socket.data.knocks.get(roomId);
          if (knock !== undefined) knocks.withdraw(knock.knockId);
          await leaveRoom(roomId);
          socket.emit('leaved', { roomId });
          log.info({ roomId, wasMember }, 'leave');
        });
      }),
    );

    socket.onAny(
      guarded(([event]) => {
        if (KNOWN_EVENTS.has(String(event)) || !withinRate()) return;
        reject({ code: 'unknown-event', message: `unknown event '${String(event)}'` });
      }),
    );

    socket.on('disconnect', (reason) => {
      for (const knock of [...socket.data.knocks.values()]) knocks.withdraw(knock.knockId);
      queue.run(async () => {
        const rooms = [...socket.data.rooms.keys()];
        for (const roomId of rooms) await leaveRoom(roomId);
        log.info({ reason, rooms }, 'disconnect');
      });
    });
  };
}

function lockStateOf(lock: RoomLock | null): LockState {
  return { locked: lock !== null, hasPasscode: lock?.passcode != null };
}

/** Takes `roomId` from a socket of this node whose seat was taken over; false if it is not here. */
export function evictLocal(io: SignalingServer, socketId: string, roomId: string): boolean {
  const old = io.of('/').sockets.get(socketId);
  if (old === undefined) return false;
  old.data.rooms.delete(roomId);
  void old.leave(roomId);
  old.emit('leaved', { roomId });
  return true;
}

/** Validates the one payload an event carries; extra arguments (or an ack) are bad input. */
function oneArgument<T>(
  args: unknown[],
  event: string,
  parse: (input: unknown) => ParseResult<T>,
): ParseResult<T> {
  if (args.length !== 1) {
    const message = `${event} takes exactly one object argument, got ${args.length}`;
    return { ok: false, error: { code: 'bad-payload', message } };
  }
  return parse(args[0]);
}

/** The per-socket limits of rateGate(). */
interface SocketGate {
  /** May this event be handled? False: dropped (over MESSAGE_RATE), or the socket was cut off. */
  admit(): boolean;
  /** An admitted event was answered `error`; a socket that keeps earning them is cut off. */
  refused(): void;
}

/**
 * Per-socket MESSAGE_RATE over join, message and bad input. The first dropped event of a run
 * answers `rate-limited` (the rest of the run is dropped silently); a socket that keeps flooding,
 * or whose events keep being refused, is told so and disconnected.
 */
function rateGate(
  socket: SignalingSocket,
  ratePerSec: number,
  log: Logger,
  metrics: SignalingMetrics,
): SocketGate {
  if (ratePerSec <= 0) return { admit: () => true, refused: () => {} };
  const gate = new RateGate(ratePerSec);
  let limited = false;
  const cut = (why: string): void => {
    log.warn({ code: 'rate-limited', why }, 'flooding: disconnected');
    metrics.cutOff();
    metrics.rejected('rate-limited');
    socket.emit('error', { code: 'rate-limited', message: `${why}; disconnected` });
    socket.disconnect(true);
  };
  return {
    admit() {
      const verdict = gate.check();
      if (verdict === 'pass') {
        limited = false;
        return true;
      }
      if (!socket.connected) return false;
      if (verdict === 'cut') {
        cut('still flooding past the rate limit');
        return false;
      }
      metrics.rejected('rate-limited');
      if (limited) return false;
      // One answer per run of drops: answering every dropped event would double a flood's cost.
      log.warn({ code: 'rate-limited' }, 'rate limited');
      limited = true;
      socket.emit('error', {
        code: 'rate-limited',
        message: `over ${ratePerSec} events per second; events dropped until you slow down`,
      });
      return false;
    },
    refused() {
      if (socket.connected && gate.refuse() === 'cut') cut('too many refused events');
    },
  };
}
