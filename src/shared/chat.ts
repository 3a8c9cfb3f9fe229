// Chat messages between the two browsers (no zod here: the client imports this at run time).

/** Longest chat message, in characters; longer input is refused, not cut. */
export const MAX_CHAT_CHARS = 2000;

/**
 * A chat message, sent peer to peer over the call's RTCDataChannel (never through the server),
 * as JSON. `at` is the sender's clock in ms since the epoch.
 */
export interface ChatWireMessage {
  type: 'chat';
  text: string;
  at: number;
}
