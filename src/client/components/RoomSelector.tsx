import { useState, type FormEvent } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Input from 'antd/es/input/Input';
import Space from 'antd/es/space';
import LoginOutlined from '@ant-design/icons/es/icons/LoginOutlined';
import LogoutOutlined from '@ant-design/icons/es/icons/LogoutOutlined';
import { normalizeRoomId } from '../../shared/roomId';
import { useT } from '../i18n/useT';
import { useCallStore } from '../store/callStore';

interface Props {
  onJoin(roomId: string): void;
  onLeave(): void;
}

function roomFromUrl(): string {
  return new URLSearchParams(window.location.search).get('room') ?? '';
}

export function RoomSelector({ onJoin, onLeave }: Props) {
  const t = useT();
  const [draft, setDraft] = useState(roomFromUrl);
  const state = useCallStore((s) => s.state);
  const roomId = useCallStore((s) => s.roomId);
  const joining = useCallStore((s) => s.joining);
  const fullRoomId = useCallStore((s) => s.fullRoomId);
  const signalOnline = useCallStore((s) => s.signal === 'online');
  const inRoom = state !== 'init' && state !== 'disconnect';
  const normalized = normalizeRoomId(draft);
  const showRule = draft.trim() !== '' && normalized === null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (normalized && !inRoom) onJoin(normalized);
  };

  return (
    <form className="room-selector" onSubmit={submit} aria-label={t('room.form')}>
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
          <Button
            data-testid="leave-button"
            size="large"
            icon={<LogoutOutlined />}
            onClick={onLeave}
          >
            {t('room.leave')}
          </Button>
        ) : (
          <Button
            data-testid="join-button"
            type="primary"
            size="large"
            htmlType="submit"
            icon={<LoginOutlined />}
            loading={joining}
            disabled={!normalized || state === 'init' || !signalOnline}
          >
            {t('room.join')}
          </Button>
        )}
      </Space.Compact>
      {showRule && <div className="field-hint">{t('room.rule')}</div>}
      {fullRoomId && !inRoom && (
        <Alert
          type="warning"
          showIcon
          className="room-alert"
          data-testid="room-full"
          message={t('room.fullTitle', { room: fullRoomId })}
          description={t('room.fullHint')}
        />
      )}
    </form>
  );
}
