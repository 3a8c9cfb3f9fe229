import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import { useT } from '../i18n/useT';
import { useDoorStore } from '../store/doorStore';

interface Props {
  onAdmit(knockId: string): void;
  onDecline(knockId: string): void;
}

/** Someone knocks at our locked room: let them in, or not. */
export function KnockRequests({ onAdmit, onDecline }: Props) {
  const t = useT();
  const knocks = useDoorStore((s) => s.knocks);
  if (knocks.length === 0) return null;
  return (
    <div className="knock-requests" aria-live="polite" aria-label={t('knock.requests')}>
      {knocks.map((knock) => (
        <Alert
          key={knock.knockId}
          type="info"
          showIcon
          data-testid="knock-request"
          message={
            knock.name === ''
              ? t('knock.someoneWantsToJoin')
              : t('knock.wantsToJoin', { name: knock.name })
          }
          action={
            <Space>
              <Button
                data-testid="admit-button"
                type="primary"
                size="small"
                onClick={() => onAdmit(knock.knockId)}
              >
                {t('knock.admit')}
              </Button>
              <Button
                data-testid="decline-button"
                size="small"
                onClick={() => onDecline(knock.knockId)}
              >
                {t('knock.decline')}
              </Button>
            </Space>
          }
        />
      ))}
    </div>
  );
}
