import Button from 'antd/es/button';
import Tooltip from 'antd/es/tooltip';
import PhoneOutlined from '@ant-design/icons/es/icons/PhoneOutlined';
import PhoneFilled from '@ant-design/icons/es/icons/PhoneFilled';
import type { ReactNode } from 'react';
import { useCallStore } from '../store/callStore';

interface Props {
  onCall(): void;
  onHangUp(): void;
  /** Controls before (media toggles) and after (chat, stats, devices) the call button. */
  leading?: ReactNode;
  trailing?: ReactNode;
}

export function CallControls({ onCall, onHangUp, leading, trailing }: Props) {
  const state = useCallStore((s) => s.state);
  const inCall = state === 'connecting' || state === 'connected';
  const callHint =
    state === 'canCall'
      ? 'Start the call'
      : state === 'waiting'
        ? 'Waiting for someone to join this room'
        : 'Join a room first';

  return (
    <div className="call-controls" role="toolbar" aria-label="Call controls">
      {leading}
      {/* Distinct keys: a Call click still in flight when the peer's call turns the button into
          Hang up must not land on Hang up (React would otherwise reuse the same element). */}
      {inCall ? (
        <Tooltip key="hangup" title="Hang up">
          <Button
            data-testid="hangup-button"
            aria-label="Hang up"
            danger
            type="primary"
            shape="round"
            size="large"
            className="call-button"
            icon={<PhoneFilled rotate={135} />}
            onClick={onHangUp}
          >
            Hang up
          </Button>
        </Tooltip>
      ) : (
        <Tooltip key="call" title={callHint}>
          <Button
            data-testid="call-button"
            aria-label="Call"
            type="primary"
            shape="round"
            size="large"
            className="call-button"
            icon={<PhoneOutlined />}
            disabled={state !== 'canCall'}
            onClick={onCall}
          >
            Call
          </Button>
        </Tooltip>
      )}
      {trailing}
    </div>
  );
}
