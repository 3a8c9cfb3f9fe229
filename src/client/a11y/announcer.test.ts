import { describe, expect, it } from 'vitest';
import { english } from '../testing/english';
import { createCallStore } from '../store/callStore';
import { createChatStore } from '../store/chatStore';
import type { Announcement } from './announcements';
import { watchForAnnouncements } from './announcer';

describe('watchForAnnouncements', () => {
  it('hears the call and the other person’s messages, not our own, until unsubscribed', () => {
    const calls = createCallStore();
    const chats = createChatStore();
    const heard: Announcement[] = [];
    const stop = watchForAnnouncements(calls, chats, (a) => heard.push(a));
    calls.getState().mediaReady(null, null);
    calls.getState().joinRequested('r1');
    calls.getState().joined('r1', 'me', null);
    calls.getState().peerArrived('them');
    chats.getState().sent('mine', 1);
    chats.getState().received('theirs', 2);
    chats.getState().received('again', 3);
    expect(heard.map((a) => [a.politeness, english(a.message)])).toEqual([
      ['polite', 'You are in room "r1". Waiting for the other person.'],
      ['polite', 'The other person joined. You can call now.'],
      ['polite', 'The other person wrote: theirs'],
      ['polite', 'The other person wrote: again'],
    ]);
    stop();
    calls.getState().peerLeft();
    expect(heard).toHaveLength(4);
  });
});
