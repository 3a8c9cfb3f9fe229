import { lazy, Suspense, useState } from 'react';
import Button from 'antd/es/button';
import Switch from 'antd/es/switch';
import WifiOutlined from '@ant-design/icons/es/icons/WifiOutlined';
import type { IceServer } from '../../shared/protocol';
import { useT } from '../i18n/useT';
import { useCallStore } from '../store/callStore';

// Not on the first screen: loaded when the user asks for the test.
const NetworkTestPanel = lazy(() => import('./NetworkTestPanel'));

interface Props {
  onRelayOnlyChange(relayOnly: boolean): void;
  /** The ICE servers to test, with a TURN credential (room members only). */
  fetchIceServers(): Promise<IceServer[]>;
}

/** Relay-only switch and the network test button; the test panel itself loads on demand. */
export function NetworkSettings({ onRelayOnlyChange, fetchIceServers }: Props) {
  const t = useT();
  const relayOnly = useCallStore((s) => s.relayOnly);
  const [testOpen, setTestOpen] = useState(false);

  return (
    <section className="network-settings" aria-label={t('network.section')}>
      <div className="network-row">
        {/* A native title, not an antd Tooltip: its popup would cover the Call button. */}
        <label className="relay-only" title={t('network.relayOnlyHint')}>
          <Switch
            data-testid="relay-only-toggle"
            size="small"
            checked={relayOnly}
            onChange={onRelayOnlyChange}
            aria-label={t('network.relayOnly')}
          />
          {t('network.relayOnly')}
        </label>
        <Button
          data-testid="network-test-button"
          size="small"
          icon={<WifiOutlined />}
          onClick={() => setTestOpen(true)}
          aria-expanded={testOpen}
        >
          {t('network.test')}
        </Button>
      </div>
      {testOpen && (
        <Suspense fallback={<div className="network-test">{t('network.loading')}</div>}>
          <NetworkTestPanel fetchIceServers={fetchIceServers} onClose={() => setTestOpen(false)} />
        </Suspense>
      )}
    </section>
  );
}
