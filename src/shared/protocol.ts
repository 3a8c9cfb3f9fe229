// The wire protocol between browser and signaling server: event maps, payloads, limits and the
// zod schemas the server validates every inbound payload with. See ../../../shared/SPEC.md.
import { z } from 'zod';
import { normalizeName, normalizePasscode, PASSCODE_RULE } from './roomAccess.js';
import { normalizeRoomId, ROOM_ID_RULE } from './roomId.js';

/** Largest `data` a `message` may carry, measured as UTF-8 JSON. */
export const MAX_DATA_BYTES = 64 * 1024;
/** socket.io packet limit: the biggest legal message plus its envelope. */
export const MAX_PACKET_BYTES = MAX_DATA_BYTES + 4 * 1024;
/** Rooms one socket may be in at once; one more `join` gets error `too-many-rooms`. */
export const MAX_ROOMS_PER_SOCKET = 4;

/**
 * Kinds of `message.data` the server relays. The tutorial's client uses offer/answer/candidate;
 * duet adds call/hangup (start or stop media on a transport that is already up) and media-state.
 */
export const SIGNAL_TYPES = [
  'offer',
  'answer',
  'candidate',
  'call',
  'hangup',
  'media-state',
] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

/**
 * `value` of a `media-state` message: what a side is sending right now (mic on, camera on,
 * sharing its screen), so the other side can say "muted" / "camera off" over the video.
 */
export interface MediaStateValue {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

// Chat goes peer to peer over the data channel; its message type lives in a zod-free module so the
// client can import the limit without pulling zod into its bundle.
export { MAX_CHAT_CHARS, type ChatWireMessage } from './chat.js';

export const ERROR_CODES = [
  'bad-payload',
  'bad-room-id',
  'bad-client-id',
  'bad-passcode',
  'unknown-type',
  'too-large',
  'not-member',
  'unknown-event',
  'rate-limited',
  'too-many-rooms',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const roomIdSchema = z.string().transform((raw, ctx) => {
  const id = normalizeRoomId(raw);
  if (id === null) {
    ctx.addIssue({ code: 'custom', message: ROOM_ID_RULE });
    return z.NEVER;
  }
  return id;
});

/** A browser's stable id (kept in sessionStorage) so a reload or reconnect replaces its own seat. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'bad client id');

export const passcodeSchema = z.string().transform((raw, ctx) => {
  const passcode = normalizePasscode(raw);
  if (passcode === null) {
    ctx.addIssue({ code: 'custom', message: PASSCODE_RULE });
    return z.NEVER;
  }
  return passcode;
});

/** Server-made knock ids: 128 random bits, base64url. */
export const knockIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'bad knock id');

// Objects are loose: a tutorial client may send fields duet does not know; they are ignored.
export const joinSchema = z.looseObject({
  roomId: roomIdSchema,
  clientId: clientIdSchema.optional(),
  /** A page rejoining after its socket dropped, with its call still up: peers keep the call. */
  resume: z.boolean().optional(),
  /**
   * Into a locked room: enter without knocking when it matches. Into an open room: lock it
   * with this passcode (a link shared ahead of time: whoever comes first sets it).
   */
  passcode: passcodeSchema.optional(),
  /** Shown to the members when this joiner knocks at a locked room. */
  name: z.string().transform(normalizeName).optional(),
});
export const leaveSchema = z.looseObject({ roomId: roomIdSchema });
/** A member locks the room (later joiners knock, or bring `passcode`) or opens it again. */
export const lockSchema = z.looseObject({
  roomId: roomIdSchema,
  locked: z.boolean(),
  passcode: passcodeSchema.optional(),
});
/** A member lets a knocker in (`admit`) or turns it away (`decline`). */
export const knockAnswerSchema = z.looseObject({ roomId: roomIdSchema, knockId: knockIdSchema });
export const signalDataSchema = z.looseObject({
  type: z.enum(SIGNAL_TYPES),
  value: z.unknown().optional(),
});
export const messageSchema = z.looseObject({ roomId: roomIdSchema, data: signalDataSchema });

export type JoinPayload = z.infer<typeof joinSchema>;
export type LeavePayload = z.infer<typeof leaveSchema>;
export type LockPayload = z.infer<typeof lockSchema>;
export type KnockAnswerPayload = z.infer<typeof knockAnswerSchema>;
export type SignalData = z.infer<typeof signalDataSchema>;
export type MessagePayload = z.infer<typeof messageSchema>;

/** Subset of RTCIceServer, so the server needs no DOM types. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface JoinedPayload {
  roomId: string;
  userNum: number;
  userId: string;
  /** userIds of the members already in the room. */
  peers: string[];
  iceServers: IceServer[];
  /** Seconds the TURN credentials in `iceServers` stay valid. */
  iceTtl: number;
  /**
   * Proof of this membership for GET /api/ice-servers (`Authorization: Bearer <iceToken>`):
   * valid while this socket holds this seat, on any node.
   */
  iceToken: string;
  /** Joiners not admitted before must knock (or bring the passcode). */
  locked: boolean;
  /** The lock also opens with a passcode. */
  hasPasscode: boolean;
}
/** To a joiner at a locked room: waiting for a member to let it in. */
export interface KnockingPayload {
  roomId: string;
  /** The knock is answered `denied` (timeout) after this long without an answer. */
  expiresInMs: number;
}
/** To the members: someone wants to join. Answer with `admit` or `decline`. */
export interface KnockPayload {
  roomId: string;
  knockId: string;
  /** The name the joiner gave, '' when none. */
  name: string;
  expiresInMs: number;
}
export type KnockOutcome = 'admitted' | 'declined' | 'timeout' | 'withdrawn';
/** To the members: a knock is over (answered by someone, timed out, or the joiner went away). */
export interface KnockClosedPayload {
  roomId: string;
  knockId: string;
  outcome: KnockOutcome;
}
export type DeniedReason = 'declined' | 'timeout' | 'passcode' | 'throttled';
/** To a joiner that is not let in; it is not a member. */
export interface DeniedPayload {
  roomId: string;
  reason: DeniedReason;
}
/** To the members: the room was locked or opened. */
export interface LockedPayload {
  roomId: string;
  locked: boolean;
  hasPasscode: boolean;
  /** The member who did it. */
  by: string;
}
export interface OtherJoinedPayload {
  roomId: string;
  userId: string;
  /** The member rejoined after a signaling drop and still holds its call (join had `resume`). */
  resumed?: boolean;
}
export interface FullPayload {
  roomId: string;
  userNum: number;
}
export interface ByePayload {
  roomId: string;
  userId: string;
}
export interface LeavedPayload {
  roomId: string;
}
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}
export interface MessageMeta {
  from: string;
}
export interface IceServersResponse {
  iceServers: IceServer[];
  ttl: number;
  /** A fresh membership proof for the next GET /api/ice-servers (the old one keeps working too). */
  token?: string;
}

export interface ClientToServerEvents {
  join: (payload: JoinPayload) => void;
  message: (payload: MessagePayload) => void;
  leave: (payload: LeavePayload) => void;
  lock: (payload: LockPayload) => void;
  admit: (payload: KnockAnswerPayload) => void;
  decline: (payload: KnockAnswerPayload) => void;
}

export interface ServerToClientEvents {
  joined: (payload: JoinedPayload) => void;
  otherjoined: (payload: OtherJoinedPayload) => void;
  full: (payload: FullPayload) => void;
  message: (data: SignalData, meta: MessageMeta) => void;
  bye: (payload: ByePayload) => void;
  leaved: (payload: LeavedPayload) => void;
  error: (payload: ErrorPayload) => void;
  knocking: (payload: KnockingPayload) => void;
  knock: (payload: KnockPayload) => void;
  knockclosed: (payload: KnockClosedPayload) => void;
  denied: (payload: DeniedPayload) => void;
  locked: (payload: LockedPayload) => void;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

function firstIssueCode(issues: z.core.$ZodIssue[]): ErrorCode {
  const issue = issues[0];
  if (!issue || issue.path.length === 0) return 'bad-payload';
  const head = issue.path[0];
  if (head === 'roomId') return 'bad-room-id';
  if (head === 'clientId') return 'bad-client-id';
  if (head === 'passcode') return 'bad-passcode';
  if (head === 'data' && issue.path[1] === 'type') return 'unknown-type';
  return 'bad-payload';
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): ParseResult<T> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      error: { code: 'bad-payload', message: `${what} payload must be an object` },
    };
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const code = firstIssueCode(result.error.issues);
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: { code, message: `${what}: ${where}${issue?.message ?? 'invalid'}` } };
}

export const parseJoin = (input: unknown) => parseWith(joinSchema, input, 'join');
export const parseLeave = (input: unknown) => parseWith(leaveSchema, input, 'leave');
export const parseLock = (input: unknown) => parseWith(lockSchema, input, 'lock');
export const parseAdmit = (input: unknown) => parseWith(knockAnswerSchema, input, 'admit');
export const parseDecline = (input: unknown) => parseWith(knockAnswerSchema, input, 'decline');

/** Validates a `message`, including the 64 KiB cap on `data`. */
export function parseMessage(input: unknown): ParseResult<MessagePayload> {
  const parsed = parseWith(messageSchema, input, 'message');
  if (!parsed.ok) return parsed;
  if (isOverDataLimit(parsed.value.data)) {
    return {
      ok: false,
      error: { code: 'too-large', message: `message: data is over ${MAX_DATA_BYTES} bytes` },
    };
  }
  return parsed;
}

const utf8 = new TextEncoder();
function isOverDataLimit(value: unknown): boolean {
  // Hot path (every relayed message): a walk that allocates little settles almost every message
  // (a tenth of JSON.stringify's time); only one that might be over is serialized and measured.
  if (!mightExceed(value, MAX_DATA_BYTES)) return false;
  const json = JSON.stringify(value) ?? '';
  // UTF-8 takes at most 3 bytes per UTF-16 unit: skip encoding when the string is clearly small
  // (the walk's bound counts 6 per unit, so a large SDP offer can still end up here).
  if (json.length * 3 <= MAX_DATA_BYTES) return false;
  return utf8.encode(json).length > MAX_DATA_BYTES;
}

/**
 * False when `value`'s JSON is surely at most `limit` UTF-8 bytes: an upper bound that counts 6
 * bytes per UTF-16 unit of a string (`\uXXXX`), 24 per number, and every bracket, quote, colon
 * and comma. Iterative, so deep nesting cannot overflow the stack.
 */
function mightExceed(root: unknown, limit: number): boolean {
  const stack: unknown[] = [root];
  let bound = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') bound += value.length * 6 + 2;
    else if (value === null || typeof value !== 'object') bound += 24;
    else if (Array.isArray(value)) {
      bound += 2 + value.length;
      for (const item of value) stack.push(item);
    } else {
      bound += 2;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        bound += key.length * 6 + 4;
        stack.push(record[key]);
      }
    }
    if (bound > limit) return true;
  }
  return false;
}
