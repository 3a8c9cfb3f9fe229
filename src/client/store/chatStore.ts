// The chat: messages of this page's visit, whether the panel is open, unread count, and whether
// the channel to the other person is open.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface ChatEntry {
  id: number;
  from: 'me' | 'peer';
  text: string;
  at: number;
}

export interface ChatData {
  messages: ChatEntry[];
  open: boolean;
  unread: number;
  /** The data channel is open: messages can be sent. */
  ready: boolean;
}

export interface ChatActions {
  sent(text: string, at: number): void;
  received(text: string, at: number): void;
  opened(): void;
  closed(): void;
  readyChanged(ready: boolean): void;
  reset(): void;
}

export type ChatStore = ChatData & ChatActions;

/** Older messages are dropped beyond this, so a long call cannot grow the page without end. */
export const MAX_CHAT_ENTRIES = 500;
const initialData: ChatData = { messages: [], open: false, unread: 0, ready: false };
let nextId = 0;

export const createChatStore = () =>
  createStore<ChatStore>()((set, get) => {
    const add = (from: ChatEntry['from'], text: string, at: number) =>
      [...get().messages, { id: ++nextId, from, text, at }].slice(-MAX_CHAT_ENTRIES);
    return {
      ...initialData,
      sent: (text, at) => set({ messages: add('me', text, at) }),
      received: (text, at) =>
        set({ messages: add('peer', text, at), unread: get().open ? 0 : get().unread + 1 }),
      opened: () => set({ open: true, unread: 0 }),
      closed: () => set({ open: false }),
      readyChanged: (ready) => set({ ready }),
      reset: () => set({ ...initialData }),
    };
  });

export type ChatStoreApi = ReturnType<typeof createChatStore>;

export const chatStore = createChatStore();

export function useChatStore<T>(selector: (state: ChatStore) => T): T {
  return useStore(chatStore, selector);
}
