import { describe, expect, it } from 'vitest';
import { createChatStore, MAX_CHAT_ENTRIES } from './chatStore';

describe('chat store', () => {
  it('counts messages received while the chat is closed, and clears the count on open', () => {
    const store = createChatStore();
    store.getState().received('hi', 1);
    store.getState().received('there', 2);
    expect(store.getState().unread).toBe(2);
    store.getState().opened();
    expect(store.getState().unread).toBe(0);
    store.getState().received('again', 3);
    expect(store.getState().unread).toBe(0);
    store.getState().closed();
    store.getState().sent('mine', 4);
    expect(store.getState().unread).toBe(0);
    expect(store.getState().messages.map((m) => [m.from, m.text])).toEqual([
      ['peer', 'hi'],
      ['peer', 'there'],
      ['peer', 'again'],
      ['me', 'mine'],
    ]);
  });

  it('keeps only the latest messages', () => {
    const store = createChatStore();
    for (let i = 0; i < MAX_CHAT_ENTRIES + 5; i++) store.getState().received(`m${i}`, i);
    const { messages } = store.getState();
    expect(messages).toHaveLength(MAX_CHAT_ENTRIES);
    expect(messages[0]?.text).toBe('m5');
  });
});
