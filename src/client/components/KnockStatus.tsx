import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import type { DeniedReason } from '../../shared/protocol';
import type { MessageKey } from '../i18n/message';
import { useT } from '../i18n/useT';
import { useCallStore } from '../store/callStore';

const DENIED: Record<DeniedReason, { title: MessageKey; text: MessageKey }> = {
  declined: { title: 'denied.declinedTitle', text: 'denied.declinedText' },
  timeout: { title: 'denied.timeoutTitle', text: 'denied.timeoutText' },
  passcode: { title: 'denied.passcodeTitle', text: 'denied.passcodeText' },
  throttled: { title: 'denied.throttledTitle', text: 'denied.throttledText' },
};

/** Knocking at a locked room (with Cancel), or why it did not let us in. */
export function KnockStatus({ onCancel }: { onCancel(): void }) {
  const t = useT();
  const knocking = useCallStore((s) => s.knockingUntil !== null && s.state === 'disconnect');
  const denied = useCallStore((s) => (s.state === 'disconnect' && !s.joining ? s.denied : null));
  if (knocking) {
    return (
      <Alert
        type="info"
        showIcon
        className="room-alert"
        data-testid="knock-status"
        message={t('knock.waiting')}
        action={
          <Button data-testid="knock-cancel" size="small" onClick={onCancel}>
            {t('knock.cancel')}
          </Button>
        }
      />
    );
  }
  if (!denied) return null;
  const { title, text } = DENIED[denied.reason];
  return (
    <Alert
      type="warning"
      showIcon
      className="room-alert"
      data-testid="room-denied"
      data-reason={denied.reason}
      message={t(title)}
      description={t(text)}
    />
  );
}
