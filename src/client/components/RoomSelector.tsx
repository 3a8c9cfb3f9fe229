import { useState, type FormEvent } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import LoginOutlined from '@ant-design/icons/es/icons/LoginOutlined';
import LogoutOutlined from '@ant-design/icons/es/icons/LogoutOutlined';
import { normalizeRoomId, ROOM_ID_RULE } from '../../shared/roomId';
import { useCallStore } from '../store/callStore';

interface Props {
  onJoin(roomId: string): void;
  onLeave(): void;
}

function roomFromUrl(): string {
  return new URLSearchParams(window.location.search).get('room') ?? '';
}

export function RoomSelector({ onJoin, onLeave }: Props) {
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
    <form className="room-selector" onSubmit={submit} aria-label="Room">
      <Space.Compact className="room-row">
        <Input
          data-testid="room-input"
          size="large"
          placeholder="Room id, e.g. 1234"
          aria-label="Room id"
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
            Leave
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
            Join
          </Button>
        )}
      </Space.Compact>
      {showRule && <div className="field-hint">{ROOM_ID_RULE}</div>}
      {fullRoomId && !inRoom && (
        <Alert
          type="warning"
          showIcon
          className="room-alert"
          data-testid="room-full"
          message={`Room "${fullRoomId}" is full`}
          description="Two people are already in it. Pick another room id, or try again when one of them leaves."
        />
      )}
    </form>
  );
}
