import Tag from 'antd/es/tag';
import { useCallStore, type CallState } from '../store/callStore';

const LABELS: Record<CallState, { text: string; color: string }> = {
  init: { text: 'Starting camera…', color: 'default' },
  disconnect: { text: 'Not in a room', color: 'default' },
  waiting: { text: 'Waiting for the other person', color: 'gold' },
  canCall: { text: 'Ready to call', color: 'blue' },
  connecting: { text: 'Connecting…', color: 'processing' },
  connected: { text: 'In call', color: 'green' },
};

/** The call state as a badge; `data-state` is the stable hook tests wait on. */
export function CallStatus() {
  const state = useCallStore((s) => s.state);
  const label = LABELS[state];
  return (
    <Tag data-testid="call-state" data-state={state} color={label.color} className="call-state">
      {label.text}
    </Tag>
  );
}
