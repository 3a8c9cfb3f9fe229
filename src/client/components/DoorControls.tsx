import { useState } from 'react';
import Button from 'antd/es/button';
import Password from 'antd/es/input/Password';
import Space from 'antd/es/space';
import LockOutlined from '@ant-design/icons/es/icons/LockOutlined';
import UnlockOutlined from '@ant-design/icons/es/icons/UnlockOutlined';
import { normalizePasscode, PASSCODE_MAX_CHARS } from '../../shared/roomAccess';
import { isGuessable } from '../../shared/roomId';
import { useT } from '../i18n/useT';
import { useCallStore } from '../store/callStore';
import { useDoorStore } from '../store/doorStore';

interface Props {
  onLock(locked: boolean, passcode?: string): void;
}

/** In a room: whether it is locked, the lock button, and a passcode that opens it too. */
export function DoorControls({ onLock }: Props) {
  const t = useT();
  const roomId = useCallStore((s) =>
    s.state !== 'init' && s.state !== 'disconnect' ? s.roomId : null,
  );
  const locked = useDoorStore((s) => s.locked);
  const hasPasscode = useDoorStore((s) => s.hasPasscode);
  const [passcode, setPasscode] = useState('');
  if (!roomId) return null;
  const code = normalizePasscode(passcode);
  const status = !locked
    ? t('door.unlocked')
    : hasPasscode
      ? t('door.lockedPasscode')
      : t('door.lockedKnock');

  return (
    <div className="door-controls" aria-label={t('door.section')}>
      <Button
        data-testid="lock-toggle"
        aria-pressed={locked}
        icon={locked ? <LockOutlined /> : <UnlockOutlined />}
        onClick={() => onLock(!locked)}
      >
        {locked ? t('door.unlock') : t('door.lock')}
      </Button>
      <Space.Compact className="lock-passcode">
        <Password
          data-testid="lock-passcode-input"
          placeholder={t('door.passcodePlaceholder')}
          aria-label={t('door.passcodePlaceholder')}
          value={passcode}
          onChange={(e) => setPasscode(e.target.value)}
          maxLength={PASSCODE_MAX_CHARS + 8}
          autoComplete="off"
        />
        <Button
          data-testid="lock-passcode-button"
          disabled={code === null}
          onClick={() => {
            if (code === null) return;
            onLock(true, code);
            setPasscode('');
          }}
        >
          {t('door.setPasscode')}
        </Button>
      </Space.Compact>
      <span className="door-status" data-testid="lock-state" data-locked={locked}>
        {status}
      </span>
      {!locked && isGuessable(roomId) && (
        <span className="field-note" data-testid="guessable-room-hint">
          {t('door.guessable')}
        </span>
      )}
    </div>
  );
}
