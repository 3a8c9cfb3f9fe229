// The wire protocol between browser and signaling server: event maps, payloads, limits and the
// zod schemas the server validates every inbound payload with. See ../../../shared/SPEC.md.
import { z } from 'zod';
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

// Objects are loose: a tutorial client may send fields duet does not know; they are ignored.
export const joinSchema = z.looseObject({
  roomId: roomIdSchema,
  clientId: clientIdSchema.optional(),
  /** A page rejoining after its socket dropped, with its call still up: peers keep the call. */
  resume: z.boolean().optional(),
});
export const leaveSchema = z.looseObject({ roomId: roomIdSchema });
export const signalDataSchema = z.looseObject({
  type: z.enum(SIGNAL_TYPES),
  value: z.unknown().optional(),
});
export const messageSchema = z.looseObject({ roomId: roomIdSchema, data: signalDataSchema });

export type JoinPayload = z.infer<typeof joinSchema>;
export type LeavePayload = z.infer<typeof leaveSchema>;
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
}

export interface ClientToServerEvents {
  join: (payload: JoinPayload) => void;
  message: (payload: MessagePayload) => void;
  leave: (payload: LeavePayload) => void;
}

export interface ServerToClientEvents {
  joined: (payload: JoinedPayload) => void;
  otherjoined: (payload: OtherJoinedPayload) => void;
  full: (payload: FullPayload) => void;
  message: (data: SignalData, meta: MessageMeta) => void;
  bye: (payload: ByePayload) => void;
  leaved: (payload: LeavedPayload) => void;
  error: (payload: ErrorPayload) => void;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

function firstIssueCode(issues: z.core.$ZodIssue[]): ErrorCode {
  const issue = issues[0];
  if (!issue || issue.path.length === 0) return 'bad-payload';
  const head = issue.path[0];
  if (head === 'roomId') return 'bad-room-id';
  if (head === 'clientId') return 'bad-client-id';
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
