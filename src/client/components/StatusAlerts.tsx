import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import { useT } from '../i18n/useT';
import { useCallStore } from '../store/callStore';

/** antd's Alert is role="alert"; the live regions (LiveRegions.tsx) say it instead, once. */
const QUIET = undefined;

/** Lasting problems, each with what the user can do about it. */
export function StatusAlerts({ onRetry }: { onRetry(): void }) {
  const t = useT();
  const signal = useCallStore((s) => s.signal);
  const signalReason = useCallStore((s) => s.signalReason);
  const mediaIssue = useCallStore((s) => s.mediaIssue);
  const callProblem = useCallStore((s) => s.callProblem);
  const retryOffered = useCallStore((s) => s.retryOffered);

  return (
    <div className="status-alerts">
      {signal === 'reconnecting' && (
        <Alert
          data-testid="signal-alert"
          type="warning"
          showIcon
          role={QUIET}
          message={t('signal.reconnecting')}
          description={
            signalReason
              ? t('signal.unreachableWhy', { reason: signalReason })
              : t('signal.unreachable')
          }
        />
      )}
      {mediaIssue && (
        <Alert
          data-testid="media-alert"
          type="warning"
          showIcon
          role={QUIET}
          message={t(mediaIssue.message)}
        />
      )}
      {callProblem && (
        <Alert
          data-testid="call-alert"
          type="error"
          showIcon
          role={QUIET}
          message={t(callProblem)}
          action={
            retryOffered ? (
              <Button data-testid="retry-button" size="small" onClick={onRetry}>
                {t('call.retry')}
              </Button>
            ) : undefined
          }
        />
      )}
    </div>
  );
}
