// Feeds the live regions: every store change worth hearing becomes an Announcement. Kept apart
// from React so the stores are watched from the first state on, before anything renders.
import type { CallStoreApi } from '../store/callStore';
import type { ChatStoreApi } from '../store/chatStore';
import { callAnnouncements, chatAnnouncement, type Announcement } from './announcements';

/** Calls `say` for each announcement; returns the unsubscribe. */
export function watchForAnnouncements(
  calls: CallStoreApi,
  chats: ChatStoreApi,
  say: (announcement: Announcement) => void,
): () => void {
  const offCall = calls.subscribe((after, before) => {
    for (const announcement of callAnnouncements(before, after)) say(announcement);
  });
  const offChat = chats.subscribe((after, before) => {
    if (after.messages === before.messages) return;
    const lastSeen = before.messages.at(-1)?.id ?? 0;
    for (const entry of after.messages)
      if (entry.id > lastSeen && entry.from === 'peer') say(chatAnnouncement(entry.text));
  });
  return () => {
    offCall();
    offChat();
  };
}
