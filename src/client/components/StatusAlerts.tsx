import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import { useCallStore } from '../store/callStore';

/** Lasting problems, each with what the user can do about it. */
export function StatusAlerts({ onRetry }: { onRetry(): void }) {
  const signal = useCallStore((s) => s.signal);
  const signalReason = useCallStore((s) => s.signalReason);
  const mediaIssue = useCallStore((s) => s.mediaIssue);
  const callProblem = useCallStore((s) => s.callProblem);
  const retryOffered = useCallStore((s) => s.retryOffered);

  return (
    <div className="status-alerts" aria-live="polite">
      {signal === 'reconnecting' && (
        <Alert
          data-testid="signal-alert"
          type="warning"
          showIcon
          message="Reconnecting to the server…"
          description={`The signaling server is unreachable${signalReason ? ` (${signalReason})` : ''}. A call already running keeps going; duet reconnects by itself when the server is back. Check your network if this lasts.`}
        />
      )}
      {mediaIssue && (
        <Alert data-testid="media-alert" type="warning" showIcon message={mediaIssue.message} />
      )}
      {callProblem && (
        <Alert
          data-testid="call-alert"
          type="error"
          showIcon
          message={callProblem}
          action={
            retryOffered ? (
              <Button data-testid="retry-button" size="small" onClick={onRetry}>
                Retry
              </Button>
            ) : undefined
          }
        />
      )}
    </div>
  );
}
