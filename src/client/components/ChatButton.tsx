import { lazy, Suspense, useEffect } from 'react';
import MessageOutlined from '@ant-design/icons/es/icons/MessageOutlined';
import { useT } from '../i18n/useT';
import { chatStore, useChatStore } from '../store/chatStore';
import { ToggleButton } from './ToggleButton';

const ChatDrawer = lazy(() => import('./ChatDrawer'));

/** Opens the chat; shows how many messages came in while it was closed. */
export function ChatButton({ onSend }: { onSend(text: string): boolean }) {
  const t = useT();
  const open = useChatStore((s) => s.open);
  const unread = useChatStore((s) => s.unread);
  const everOpened = useChatStore((s) => s.open || s.messages.length > 0);
  // The layout makes room for the open chat on wide screens (app.css, body.chat-open).
  useEffect(() => {
    document.body.classList.toggle('chat-open', open);
  }, [open]);
  const toggle = () => (open ? chatStore.getState().closed() : chatStore.getState().opened());
  return (
    <>
      <ToggleButton
        testId="chat-button"
        label={unread > 0 ? t('chat.buttonUnread', { count: unread }) : t('chat.button')}
        tooltip={unread > 0 ? t('chat.unreadHint', { count: unread }) : t('chat.button')}
        pressed={open}
        fillWhenPressed
        icon={<MessageOutlined />}
        onClick={toggle}
      >
        {unread > 0 && (
          <span data-testid="chat-unread" className="unread-count" aria-hidden>
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </ToggleButton>
      {everOpened && (
        <Suspense fallback={null}>
          <ChatDrawer onSend={onSend} />
        </Suspense>
      )}
    </>
  );
}
