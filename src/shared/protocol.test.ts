import { describe, expect, it } from 'vitest';
import { MAX_DATA_BYTES, parseJoin, parseLeave, parseMessage } from './protocol.js';
import { normalizeRoomId } from './roomId.js';

describe('room ids', () => {
  it.each([
    ['abc', 'abc'],
    ['  padded\t', 'padded'],
    ['a-b_c.d', 'a-b_c.d'],
    ['Zürich', 'Zürich'],
    ['会議室', '会議室'],
    ['x'.repeat(64), 'x'.repeat(64)],
    ['é'.repeat(64), 'é'.repeat(64)],
    // 64 code points outside the BMP: 128 UTF-16 units, still 64 characters.
    ['𝐀'.repeat(64), '𝐀'.repeat(64)],
  ])('accepts %j', (raw, id) => {
    expect(normalizeRoomId(raw)).toBe(id);
  });

  it.each([
    '',
    '   ',
    'x'.repeat(65),
    '𝐀'.repeat(65),
    'é'.repeat(129),
    'a b',
    'a/b',
    'room🎉',
    'a\u0000b',
    '<script>',
    'a:b',
  ])('refuses %j', (raw) => {
    expect(normalizeRoomId(raw)).toBeNull();
  });

  it('trims before checking the length', () => {
    expect(normalizeRoomId(` ${'x'.repeat(64)} `)).toBe('x'.repeat(64));
  });
});

describe('parseJoin', () => {
  it('returns the trimmed room id', () => {
    expect(parseJoin({ roomId: ' room1 ' })).toEqual({ ok: true, value: { roomId: 'room1' } });
  });

  it('keeps a valid clientId and ignores unknown fields', () => {
    const parsed = parseJoin({ roomId: 'r', clientId: 'abcdefgh-123', extra: 1 });
    expect(parsed.ok && parsed.value.clientId).toBe('abcdefgh-123');
  });

  it.each([
    [null, 'bad-payload'],
    [undefined, 'bad-payload'],
    ['room1', 'bad-payload'],
    [42, 'bad-payload'],
    [['room1'], 'bad-payload'],
    [{}, 'bad-room-id'],
    [{ roomId: 7 }, 'bad-room-id'],
    [{ roomId: 'a b' }, 'bad-room-id'],
    [{ roomId: 'r', clientId: 'short' }, 'bad-client-id'],
    [{ roomId: 'r', clientId: 'has space in it' }, 'bad-client-id'],
  ])('refuses %j with %s', (input, code) => {
    const parsed = parseJoin(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe(code);
      expect(parsed.error.message).toMatch(/^join/);
    }
  });
});

describe('parseLeave', () => {
  it('accepts a room id and refuses a bad one', () => {
    expect(parseLeave({ roomId: 'r' }).ok).toBe(true);
    const bad = parseLeave({ roomId: 'r/1' });
    expect(!bad.ok && bad.error.code).toBe('bad-room-id');
  });
});

describe('parseMessage', () => {
  const message = (data: unknown) => ({ roomId: 'r', data });

  it.each(['offer', 'answer', 'candidate', 'call', 'hangup', 'media-state'])(
    'accepts type %s',
    (type) => {
      expect(parseMessage(message({ type, value: { sdp: 'x' } })).ok).toBe(true);
    },
  );

  it('keeps unknown fields of data (loose)', () => {
    const parsed = parseMessage(message({ type: 'candidate', value: null, mid: '0' }));
    expect(parsed.ok && parsed.value.data).toEqual({ type: 'candidate', value: null, mid: '0' });
  });

  it.each([
    [{ roomId: 'r' }, 'bad-payload'],
    [message('offer'), 'bad-payload'],
    [message({ value: 1 }), 'unknown-type'],
    [message({ type: 'chat-bomb' }), 'unknown-type'],
    [{ roomId: '', data: { type: 'offer' } }, 'bad-room-id'],
  ])('refuses %j with %s', (input, code) => {
    const parsed = parseMessage(input);
    expect(!parsed.ok && parsed.error.code).toBe(code);
  });

  // JSON of { type, value } is 26 bytes plus the string.
  const envelope = JSON.stringify({ type: 'offer', value: '' }).length;

  it('accepts data of exactly 64 KiB', () => {
    const value = 'x'.repeat(MAX_DATA_BYTES - envelope);
    expect(parseMessage(message({ type: 'offer', value })).ok).toBe(true);
  });

  it('refuses data one byte over 64 KiB', () => {
    const value = 'x'.repeat(MAX_DATA_BYTES - envelope + 1);
    const parsed = parseMessage(message({ type: 'offer', value }));
    expect(!parsed.ok && parsed.error.code).toBe('too-large');
  });

  it('measures data made of many small parts exactly, escapes included', () => {
    // Each '\u0001' item serializes to 9 bytes ("\u0001" quoted, and a comma): 7278 fit in 64 KiB.
    const bytes = (data: unknown) => new TextEncoder().encode(JSON.stringify(data)).length;
    for (const items of [7000, 7277, 7278, 7279, 7280, 8000]) {
      const data = { type: 'candidate', value: Array<string>(items).fill('\u0001') };
      const fits = bytes(data) <= MAX_DATA_BYTES;
      expect(parseMessage(message(data)).ok, `${items} items, ${bytes(data)} bytes`).toBe(fits);
    }
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 'é' is 2 bytes: about 40 000 of them are under 64 Ki characters but over 64 KiB.
    const value = 'é'.repeat(40_000);
    const parsed = parseMessage(message({ type: 'offer', value }));
    expect(!parsed.ok && parsed.error.code).toBe('too-large');
  });
});
