// Chat messages on the data channel: encoding, and decoding that trusts nothing from the peer.
import { MAX_CHAT_CHARS, type ChatWireMessage } from '../../shared/chat';
import { parseFrame } from './dataFrame';

/** A frame bigger than this is dropped unread (UTF-8 of the longest message plus the JSON). */
const MAX_FRAME_CHARS = MAX_CHAT_CHARS * 4 + 100;

/** What the user typed, ready to send; null when empty or too long. */
export function chatMessage(text: string, at = Date.now()): ChatWireMessage | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_CHAT_CHARS) return null;
  return { type: 'chat', text: trimmed, at };
}

export function decodeChat(frame: unknown): ChatWireMessage | null {
  const parsed = parseFrame(frame, MAX_FRAME_CHARS);
  if (!parsed) return null;
  const { type, text, at } = parsed;
  if (type !== 'chat' || typeof text !== 'string') return null;
  const message = chatMessage(
    text,
    typeof at === 'number' && Number.isFinite(at) ? at : Date.now(),
  );
  return message;
}
