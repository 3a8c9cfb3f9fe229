import Button from 'antd/es/button';
import Tooltip from 'antd/es/tooltip';
import PhoneOutlined from '@ant-design/icons/es/icons/PhoneOutlined';
import PhoneFilled from '@ant-design/icons/es/icons/PhoneFilled';
import type { ReactNode } from 'react';
import { useFocusHandOver } from '../hooks/useFocusHandOver';
import { useT } from '../i18n/useT';
import { useCallStore } from '../store/callStore';

interface Props {
  onCall(): void;
  onHangUp(): void;
  /** Controls before (media toggles) and after (chat, stats, devices) the call button. */
  leading?: ReactNode;
  trailing?: ReactNode;
}

export function CallControls({ onCall, onHangUp, leading, trailing }: Props) {
  const t = useT();
  const state = useCallStore((s) => s.state);
  const inCall = state === 'connecting' || state === 'connected';
  const swapped = useFocusHandOver<HTMLButtonElement>(inCall);
  // Why Call is disabled. An enabled Call or Hang up says what it does on its label: no tooltip,
  // which also keeps the click that starts a call from opening and closing popups while the
  // first frames are decoded.
  const disabledHint =
    state === 'canCall' || inCall
      ? null
      : state === 'waiting'
        ? t('controls.waitingHint')
        : t('controls.joinFirst');

  const callButton = (
    <Button
      key="call"
      ref={swapped}
      data-testid="call-button"
      aria-label={t('controls.call')}
      type="primary"
      shape="round"
      size="large"
      className="call-button"
      icon={<PhoneOutlined />}
      disabled={state !== 'canCall'}
      onClick={onCall}
    >
      {t('controls.call')}
    </Button>
  );

  return (
    <div className="call-controls" role="toolbar" aria-label={t('controls.toolbar')}>
      {leading}
      {/* Distinct keys: a Call click still in flight when the peer's call turns the button into
          Hang up must not land on Hang up (React would otherwise reuse the same element). */}
      {inCall ? (
        <Button
          key="hangup"
          ref={swapped}
          data-testid="hangup-button"
          aria-label={t('controls.hangUp')}
          danger
          type="primary"
          shape="round"
          size="large"
          className="call-button"
          icon={<PhoneFilled rotate={135} />}
          onClick={onHangUp}
        >
          {t('controls.hangUp')}
        </Button>
      ) : disabledHint ? (
        <Tooltip key="call-hint" title={disabledHint}>
          {callButton}
        </Tooltip>
      ) : (
        callButton
      )}
      {trailing}
    </div>
  );
}
