import { describe, expect, it } from 'vitest';
import {
  MAX_DATA_BYTES,
  parseAdmit,
  parseJoin,
  parseLeave,
  parseLock,
  parseMessage,
} from './protocol.js';
import { normalizeName, normalizePasscode } from './roomAccess.js';
import { isGuessable, newRoomId, NEW_ROOM_ID_BITS, normalizeRoomId } from './roomId.js';

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

describe('joining a locked room', () => {
  it('takes a passcode (NFKC, trimmed) and a printable name', () => {
    const parsed = parseJoin({ roomId: 'r', passcode: ' ｐａｓｓ 1 ', name: ' Ana\u202e\n Lee ' });
    expect(parsed.ok && parsed.value).toEqual({ roomId: 'r', passcode: 'pass 1', name: 'Ana Lee' });
  });

  it.each([['abc'], ['x'.repeat(65)], [''], [42]])('refuses the passcode %j', (passcode) => {
    const parsed = parseJoin({ roomId: 'r', passcode });
    expect(!parsed.ok && parsed.error.code).toBe('bad-passcode');
  });

  it('cuts a long name to 40 characters and never fails on one', () => {
    expect(normalizeName('é'.repeat(100))).toBe('é'.repeat(40));
    expect(normalizeName('\u0000\u200b')).toBe('');
    expect(normalizePasscode('  ')).toBeNull();
  });
});

describe('parseLock and parseAdmit', () => {
  it('accept their payloads', () => {
    expect(parseLock({ roomId: 'r', locked: true, passcode: 'tulip' }).ok).toBe(true);
    expect(parseLock({ roomId: 'r', locked: false }).ok).toBe(true);
    expect(parseAdmit({ roomId: 'r', knockId: 'AbCdEfGhIjKlMnOpQrStUv' }).ok).toBe(true);
  });

  it.each([
    [parseLock, { roomId: 'r' }, 'bad-payload'],
    [parseLock, { roomId: 'r', locked: 'yes' }, 'bad-payload'],
    [parseLock, { roomId: 'r', locked: true, passcode: 'ab' }, 'bad-passcode'],
    [parseAdmit, { roomId: 'r', knockId: 'short' }, 'bad-payload'],
    [parseAdmit, { roomId: 'a b', knockId: 'AbCdEfGhIjKlMnOpQrStUv' }, 'bad-room-id'],
  ])('refuse bad input (%#)', (parse, input, code) => {
    const parsed = parse(input);
    expect(!parsed.ok && parsed.error.code).toBe(code);
  });
});

describe('new room ids', () => {
  it('are three groups of six letters, over 80 bits, valid room ids', () => {
    expect(NEW_ROOM_ID_BITS).toBeGreaterThan(80);
    for (let i = 0; i < 50; i += 1) {
      const id = newRoomId();
      expect(id).toMatch(/^[a-z]{6}-[a-z]{6}-[a-z]{6}$/);
      expect(normalizeRoomId(id)).toBe(id);
      expect(isGuessable(id)).toBe(false);
    }
  });

  it('draw letters evenly: bytes past the last whole alphabet are drawn again', () => {
    // 26 * 9 = 234: the bytes 234..255 would favour a..v, so they are skipped.
    let call = 0;
    const fill = (bytes: Uint8Array) => {
      bytes.fill(call++ === 0 ? 250 : 27); // 27 % 26 = 1: 'b'
      return bytes;
    };
    expect(newRoomId(fill)).toBe('bbbbbb-bbbbbb-bbbbbb');
    expect(call).toBe(2);
  });

  it('short typed ids count as guessable', () => {
    expect(isGuessable('1234')).toBe(true);
    expect(isGuessable('meeting-room-42')).toBe(true);
    expect(isGuessable('a-long-room-name-nobody-guesses')).toBe(false);
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
