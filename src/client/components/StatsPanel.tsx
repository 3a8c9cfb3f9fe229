import Button from 'antd/es/button';
import CloseOutlined from '@ant-design/icons/es/icons/CloseOutlined';
import type { CallStats } from '../rtc/stats';
import { useStatsStore } from '../store/statsStore';

const dash = '—';
const withUnit = (value: number | null, unit: string) =>
  value === null ? dash : `${value} ${unit}`;
const video = (resolution: string | null, fps: number | null) =>
  resolution ? `${resolution}${fps === null ? '' : ` @ ${fps} fps`}` : dash;

const ROWS: Array<{ key: string; label: string; value(s: CallStats): string }> = [
  { key: 'path', label: 'Connection', value: (s) => s.path ?? dash },
  { key: 'rtt', label: 'Round trip', value: (s) => withUnit(s.rttMs, 'ms') },
  { key: 'send-bitrate', label: 'Sending', value: (s) => withUnit(s.sendKbps, 'kbps') },
  { key: 'receive-bitrate', label: 'Receiving', value: (s) => withUnit(s.receiveKbps, 'kbps') },
  { key: 'video-out', label: 'Video out', value: (s) => video(s.sendResolution, s.sendFps) },
  { key: 'video-in', label: 'Video in', value: (s) => video(s.receiveResolution, s.receiveFps) },
  {
    key: 'loss',
    label: 'Packet loss',
    value: (s) => (s.lossPercent === null ? dash : `${s.lossPercent} %`),
  },
  {
    key: 'codec',
    label: 'Codecs',
    value: (s) => [s.videoCodec, s.audioCodec].filter(Boolean).join(' / ') || dash,
  },
];

/** Live numbers from getStats(), refreshed every second (lazy-loaded). */
export default function StatsPanel({ onClose }: { onClose(): void }) {
  const stats = useStatsStore((s) => s.stats);
  return (
    <section data-testid="stats-panel" className="stats-panel" aria-label="Connection stats">
      <header>
        <strong>Connection</strong>
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          aria-label="Close stats"
          onClick={onClose}
        />
      </header>
      {stats ? (
        <dl>
          {ROWS.map((row) => (
            <div key={row.key} className="stats-row">
              <dt>{row.label}</dt>
              <dd data-stat={row.key}>{row.value(stats)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="stats-empty">No connection to the other person yet.</p>
      )}
    </section>
  );
}
