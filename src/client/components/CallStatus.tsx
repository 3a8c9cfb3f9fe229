import Tag from 'antd/es/tag';
import type { MessageKey } from '../i18n/message';
import { useT } from '../i18n/useT';
import { useCallStore, type CallState } from '../store/callStore';

const LABELS: Record<CallState, { text: MessageKey; color: string }> = {
  init: { text: 'callState.init', color: 'default' },
  disconnect: { text: 'callState.disconnect', color: 'default' },
  waiting: { text: 'callState.waiting', color: 'gold' },
  canCall: { text: 'callState.canCall', color: 'blue' },
  connecting: { text: 'callState.connecting', color: 'processing' },
  connected: { text: 'callState.connected', color: 'green' },
};

/** The call state as a badge; `data-state` is the stable hook tests wait on. */
export function CallStatus() {
  const t = useT();
  const state = useCallStore((s) => s.state);
  const label = LABELS[state];
  return (
    <Tag data-testid="call-state" data-state={state} color={label.color} className="call-state">
      {t(label.text)}
    </Tag>
  );
}
