import Tag from 'antd/es/tag';
import AudioMutedOutlined from '@ant-design/icons/es/icons/AudioMutedOutlined';
import DesktopOutlined from '@ant-design/icons/es/icons/DesktopOutlined';
import SignalFilled from '@ant-design/icons/es/icons/SignalFilled';
import type { Quality } from '../rtc/stats';
import { useCallStore } from '../store/callStore';
import { useMediaStore } from '../store/mediaStore';
import { useStatsStore } from '../store/statsStore';
import type { MessageKey } from '../i18n/message';
import { useT } from '../i18n/useT';

const QUALITY: Record<Quality, { text: MessageKey; color: string; hint: MessageKey }> = {
  good: { text: 'remote.quality.good', color: 'green', hint: 'remote.quality.goodHint' },
  fair: { text: 'remote.quality.fair', color: 'gold', hint: 'remote.quality.fairHint' },
  poor: { text: 'remote.quality.poor', color: 'red', hint: 'remote.quality.poorHint' },
};

/** Over the remote video during a call: what the other side switched off, and the link quality. */
export function RemoteIndicators() {
  const t = useT();
  const inCall = useCallStore((s) => s.state === 'connected');
  const peerId = useCallStore((s) => s.peerId);
  const remote = useMediaStore((s) => (s.remote && s.remote.peerId === peerId ? s.remote : null));
  const quality = useStatsStore((s) => s.stats?.quality ?? null);
  if (!inCall) return null;
  return (
    <>
      {remote && !remote.video && (
        <div data-testid="remote-camera-off" className="video-overlay camera-off">
          {t('remote.cameraOff')}
        </div>
      )}
      <div className="remote-badges">
        {remote && !remote.audio && (
          <Tag data-testid="remote-muted" color="red" icon={<AudioMutedOutlined />}>
            {t('remote.muted')}
          </Tag>
        )}
        {remote?.screen && (
          <Tag data-testid="remote-screen" color="blue" icon={<DesktopOutlined />}>
            {t('remote.screen')}
          </Tag>
        )}
        {quality && (
          <Tag
            data-testid="call-quality"
            data-quality={quality}
            color={QUALITY[quality].color}
            icon={<SignalFilled />}
            title={t(QUALITY[quality].hint)}
          >
            {t(QUALITY[quality].text)}
          </Tag>
        )}
      </div>
    </>
  );
}
