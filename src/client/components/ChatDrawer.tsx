import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import Button from 'antd/es/button';
import Drawer from 'antd/es/drawer';
import Input, { type InputRef } from 'antd/es/input/Input';
import SendOutlined from '@ant-design/icons/es/icons/SendOutlined';
import { MAX_CHAT_CHARS } from '../../shared/chat';
import { dialogAround, keepTabInside } from '../a11y/tabLoop';
import { useLanguage, useT } from '../i18n/useT';
import { chatStore, useChatStore } from '../store/chatStore';

/** The chat panel (lazy-loaded). Messages are rendered as text, never as HTML. */
export default function ChatDrawer({ onSend }: { onSend(text: string): boolean }) {
  const t = useT();
  const language = useLanguage();
  const time = useMemo(
    () => new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }),
    [language],
  );
  const open = useChatStore((s) => s.open);
  const messages = useChatStore((s) => s.messages);
  const ready = useChatStore((s) => s.ready);
  const [draft, setDraft] = useState('');
  const logRef = useRef<HTMLOListElement>(null);
  const chatRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<InputRef>(null);

  useEffect(() => (open ? keepTabInside(() => dialogAround(chatRef.current)) : undefined), [open]);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages, open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (onSend(draft)) setDraft('');
  };

  return (
    <Drawer
      title={t('chat.title')}
      open={open}
      onClose={() => chatStore.getState().closed()}
      placement="right"
      size={360}
      mask={false}
      className="chat-drawer"
      rootClassName="chat-drawer-root"
      // The message field takes the focus once the drawer is in (each time, not only the first).
      autoFocus={false}
      afterOpenChange={(shown) => {
        if (shown) inputRef.current?.focus();
      }}
    >
      <div className="chat" ref={chatRef}>
        <ol data-testid="chat-log" className="chat-log" ref={logRef} aria-label={t('chat.log')}>
          {messages.length === 0 && (
            <li className="chat-empty">{ready ? t('chat.emptyReady') : t('chat.emptyWaiting')}</li>
          )}
          {messages.map((m) => (
            <li key={m.id} className={`chat-message ${m.from}`} data-from={m.from}>
              <span className="chat-text">{m.text}</span>
              <time className="chat-time">{time.format(m.at)}</time>
            </li>
          ))}
        </ol>
        <form className="chat-form" onSubmit={submit}>
          <Input
            ref={inputRef}
            data-testid="chat-input"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={ready ? t('chat.placeholder') : t('chat.placeholderWaiting')}
            aria-label={t('chat.input')}
            maxLength={MAX_CHAT_CHARS}
            disabled={!ready}
            autoComplete="off"
          />
          <Button
            data-testid="chat-send"
            type="primary"
            htmlType="submit"
            icon={<SendOutlined />}
            disabled={!ready || draft.trim() === ''}
            aria-label={t('chat.send')}
          />
        </form>
      </div>
    </Drawer>
  );
}
