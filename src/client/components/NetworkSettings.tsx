import { lazy, Suspense, useState } from 'react';
import Button from 'antd/es/button';
import Switch from 'antd/es/switch';
import WifiOutlined from '@ant-design/icons/es/icons/WifiOutlined';
import { useCallStore } from '../store/callStore';

// Not on the first screen: loaded when the user asks for the test.
const NetworkTestPanel = lazy(() => import('./NetworkTestPanel'));

interface Props {
  onRelayOnlyChange(relayOnly: boolean): void;
}

/** Relay-only switch and the network test button; the test panel itself loads on demand. */
export function NetworkSettings({ onRelayOnlyChange }: Props) {
  const relayOnly = useCallStore((s) => s.relayOnly);
  const [testOpen, setTestOpen] = useState(false);

  return (
    <section className="network-settings" aria-label="Network">
      <div className="network-row">
        {/* A native title, not an antd Tooltip: its popup would cover the Call button. */}
        <label
          className="relay-only"
          title="Send the call through the TURN relay only, never directly: hides your IP address from the other person, and shows whether the relay works."
        >
          <Switch
            data-testid="relay-only-toggle"
            size="small"
            checked={relayOnly}
            onChange={onRelayOnlyChange}
            aria-label="Relay only (TURN)"
          />
          Relay only (TURN)
        </label>
        <Button
          data-testid="network-test-button"
          size="small"
          icon={<WifiOutlined />}
          onClick={() => setTestOpen(true)}
          aria-expanded={testOpen}
        >
          Test network
        </Button>
      </div>
      {testOpen && (
        <Suspense fallback={<div className="network-test">Loading the network test…</div>}>
          <NetworkTestPanel onClose={() => setTestOpen(false)} />
        </Suspense>
      )}
    </section>
  );
}
