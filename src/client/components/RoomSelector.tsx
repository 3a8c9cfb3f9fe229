import { useState, type FormEvent } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Input from 'antd/es/input/Input';
import Password from 'antd/es/input/Password';
import Space from 'antd/es/space';
import LoginOutlined from '@ant-design/icons/es/icons/LoginOutlined';
import LogoutOutlined from '@ant-design/icons/es/icons/LogoutOutlined';
import PlusOutlined from '@ant-design/icons/es/icons/PlusOutlined';
import { normalizePasscode, PASSCODE_MAX_CHARS, PASSCODE_MIN_CHARS } from '../../shared/roomAccess';
import { isGuessable, newRoomId, normalizeRoomId } from '../../shared/roomId';
import { useFocusHandOver } from '../hooks/useFocusHandOver';
import { useT } from '../i18n/useT';
import type { EntryOptions } from '../rtc/CallController';
import { useCallStore } from '../store/callStore';
import { KnockStatus } from './KnockStatus';
import { copyInviteLink } from './ShareLink';

interface Props {
  onJoin(roomId: string, entry: EntryOptions): void;
  onLeave(): void;
}

function roomFromUrl(): string {
  return new URLSearchParams(window.location.search).get('room') ?? '';
}

const NAME_KEY = 'duet.name';
const savedName = () => globalThis.localStorage?.getItem(NAME_KEY) ?? '';

export function RoomSelector({ onJoin, onLeave }: Props) {
  const t = useT();
  const [draft, setDraft] = useState(roomFromUrl);
  const [name, setName] = useState(savedName);
  const [passcode, setPasscode] = useState('');
  const state = useCallStore((s) => s.state);
  const roomId = useCallStore((s) => s.roomId);
  const joining = useCallStore((s) => s.joining);
  const fullRoomId = useCallStore((s) => s.fullRoomId);
  const signalOnline = useCallStore((s) => s.signal === 'online');
  const inRoom = state !== 'init' && state !== 'disconnect';
  const swapped = useFocusHandOver<HTMLButtonElement>(inRoom);
  const normalized = normalizeRoomId(draft);
  const showRule = draft.trim() !== '' && normalized === null;
  const passcodeOk = passcode.trim() === '' || normalizePasscode(passcode) !== null;
  const canJoin = state !== 'init' && signalOnline && !joining && passcodeOk;

  const join = (id: string) => {
    globalThis.localStorage?.setItem(NAME_KEY, name.trim());
    const code = normalizePasscode(passcode);
    onJoin(id, {
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(code ? { passcode: code } : {}),
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (normalized && !inRoom && canJoin) join(normalized);
  };
  const newCall = () => {
    const id = newRoomId();
    setDraft(id);
    join(id);
    void copyInviteLink(id);
  };

  return (
    <form className="room-selector" onSubmit={submit} aria-label={t('room.form')}>
      <div className="room-line">
        <Space.Compact className="room-row">
          <Input
            data-testid="room-input"
            size="large"
            placeholder={t('room.placeholder')}
            aria-label={t('room.input')}
            value={inRoom && roomId ? roomId : draft}
            onChange={(e) => setDraft(e.target.value)}
            disabled={inRoom || joining}
            status={showRule ? 'error' : undefined}
            maxLength={80}
            autoFocus
          />
          {inRoom ? (
            // Distinct keys: React would otherwise reuse the same <button>, and a keyboard press on
            // Leave, turned type="submit" while it is handled, would join again at once.
            <Button
              key="leave"
              ref={swapped}
              data-testid="leave-button"
              size="large"
              icon={<LogoutOutlined />}
              onClick={onLeave}
            >
              {t('room.leave')}
            </Button>
          ) : (
            <Button
              key="join"
              ref={swapped}
              data-testid="join-button"
              type="primary"
              size="large"
              htmlType="submit"
              icon={<LoginOutlined />}
              loading={joining}
              disabled={!normalized || !canJoin}
            >
              {t('room.join')}
            </Button>
          )}
        </Space.Compact>
        {!inRoom && (
          <Button
            data-testid="new-call-button"
            size="large"
            icon={<PlusOutlined />}
            title={t('room.newCallHint')}
            onClick={newCall}
            disabled={!canJoin}
          >
            {t('room.newCall')}
          </Button>
        )}
      </div>
      {!inRoom && (
        <div className="entry-row">
          <Input
            data-testid="name-input"
            placeholder={t('room.namePlaceholder')}
            aria-label={t('room.namePlaceholder')}
            title={t('room.nameHint')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={joining}
            maxLength={40}
          />
          <Password
            data-testid="passcode-input"
            placeholder={t('room.passcodePlaceholder')}
            aria-label={t('room.passcodePlaceholder')}
            title={t('room.passcodeHint')}
            value={passcode}
            onChange={(e) => setPasscode(e.target.value)}
            disabled={joining}
            status={passcodeOk ? undefined : 'error'}
            maxLength={PASSCODE_MAX_CHARS + 8}
            autoComplete="off"
          />
        </div>
      )}
      {showRule && <div className="field-hint">{t('room.rule')}</div>}
      {!passcodeOk && (
        <div className="field-hint">
          {t('room.passcodeRule', { min: PASSCODE_MIN_CHARS, max: PASSCODE_MAX_CHARS })}
        </div>
      )}
      {!inRoom && !joining && normalized && isGuessable(normalized) && (
        <div className="field-note" data-testid="guessable-hint">
          {t('room.guessable')}
        </div>
      )}
      <KnockStatus onCancel={onLeave} />
      {fullRoomId && !inRoom && (
        <Alert
          type="warning"
          showIcon
          // The full-room notice is read out by the live regions; this stays on screen quietly.
          role={undefined}
          className="room-alert"
          data-testid="room-full"
          message={t('room.fullTitle', { room: fullRoomId })}
          description={t('room.fullHint')}
        />
      )}
    </form>
  );
}
