import Button from 'antd/es/button';
import CloseOutlined from '@ant-design/icons/es/icons/CloseOutlined';
import type { MessageKey } from '../i18n/message';
import type { Translate } from '../i18n/translate';
import { useT } from '../i18n/useT';
import type { ConnectionPath } from '../rtc/PeerSession';
import type { CallStats } from '../rtc/stats';
import { useStatsStore } from '../store/statsStore';

const dash = '—';
const PATH: Record<ConnectionPath, MessageKey> = { direct: 'stats.direct', relay: 'stats.relay' };
const withUnit = (t: Translate, value: number | null, unit: MessageKey) =>
  value === null ? dash : t(unit, { value });
const codecs = (s: CallStats) => [s.videoCodec, s.audioCodec].filter(Boolean).join(' / ') || dash;
const video = (t: Translate, resolution: string | null, fps: number | null) =>
  resolution ? (fps === null ? resolution : t('stats.videoFps', { resolution, fps })) : dash;

const ROWS: Array<{ key: string; label: MessageKey; value(s: CallStats, t: Translate): string }> = [
  { key: 'path', label: 'stats.path', value: (s, t) => (s.path ? t(PATH[s.path]) : dash) },
  { key: 'rtt', label: 'stats.rtt', value: (s, t) => withUnit(t, s.rttMs, 'stats.ms') },
  {
    key: 'send-bitrate',
    label: 'stats.sending',
    value: (s, t) => withUnit(t, s.sendKbps, 'stats.kbps'),
  },
  {
    key: 'receive-bitrate',
    label: 'stats.receiving',
    value: (s, t) => withUnit(t, s.receiveKbps, 'stats.kbps'),
  },
  {
    key: 'video-out',
    label: 'stats.videoOut',
    value: (s, t) => video(t, s.sendResolution, s.sendFps),
  },
  {
    key: 'video-in',
    label: 'stats.videoIn',
    value: (s, t) => video(t, s.receiveResolution, s.receiveFps),
  },
  {
    key: 'loss',
    label: 'stats.loss',
    value: (s, t) => withUnit(t, s.lossPercent, 'stats.percent'),
  },
  {
    key: 'codec',
    label: 'stats.codecs',
    value: (s) => codecs(s),
  },
];

/** Live numbers from getStats(), refreshed every second (lazy-loaded). */
export default function StatsPanel({ onClose }: { onClose(): void }) {
  const t = useT();
  const stats = useStatsStore((s) => s.stats);
  return (
    <section data-testid="stats-panel" className="stats-panel" aria-label={t('stats.panel')}>
      <header>
        <strong>{t('stats.heading')}</strong>
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          aria-label={t('stats.close')}
          onClick={onClose}
        />
      </header>
      {stats ? (
        <dl>
          {ROWS.map((row) => (
            <div key={row.key} className="stats-row">
              <dt>{t(row.label)}</dt>
              <dd data-stat={row.key}>{row.value(stats, t)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="stats-empty">{t('stats.empty')}</p>
      )}
    </section>
  );
}
