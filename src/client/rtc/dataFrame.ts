// Frames on the call's data channel (chat, view) are JSON objects told apart by `type`. Parsing
// trusts nothing from the peer: a frame that is too long, not text, or not a JSON object is none.
export function parseFrame(frame: unknown, maxChars: number): Record<string, unknown> | null {
  if (typeof frame !== 'string' || frame.length > maxChars) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return null;
  }
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
}
