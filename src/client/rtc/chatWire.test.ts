import { describe, expect, it } from 'vitest';
import { MAX_CHAT_CHARS } from '../../shared/chat';
import { chatMessage, decodeChat } from './chatWire';

describe('chatMessage', () => {
  it('trims what was typed', () => {
    expect(chatMessage('  hello  ', 5)).toEqual({ type: 'chat', text: 'hello', at: 5 });
  });
  it('refuses empty and over-long input', () => {
    expect(chatMessage('   ')).toBeNull();
    expect(chatMessage('x'.repeat(MAX_CHAT_CHARS))).not.toBeNull();
    expect(chatMessage('x'.repeat(MAX_CHAT_CHARS + 1))).toBeNull();
  });
});

describe('decodeChat', () => {
  it('round-trips a message', () => {
    const sent = chatMessage('<b>hi</b> & bye', 7);
    expect(decodeChat(JSON.stringify(sent))).toEqual({
      type: 'chat',
      text: '<b>hi</b> & bye',
      at: 7,
    });
  });
  it.each([
    ['not JSON', '{'],
    ['not a string frame', new ArrayBuffer(4)],
    ['another type', JSON.stringify({ type: 'file', text: 'x', at: 1 })],
    ['text not a string', JSON.stringify({ type: 'chat', text: 42, at: 1 })],
    ['null', 'null'],
    ['too long', JSON.stringify({ type: 'chat', text: 'x'.repeat(MAX_CHAT_CHARS + 1), at: 1 })],
    ['a huge frame', 'x'.repeat(MAX_CHAT_CHARS * 5)],
  ])('drops %s', (_what, frame) => {
    expect(decodeChat(frame)).toBeNull();
  });
  it('replaces a bogus timestamp with the time of arrival', () => {
    const decoded = decodeChat(JSON.stringify({ type: 'chat', text: 'hi', at: 'soon' }));
    expect(decoded?.at).toBeGreaterThan(0);
  });
});
