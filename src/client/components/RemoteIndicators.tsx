import Tag from 'antd/es/tag';
import AudioMutedOutlined from '@ant-design/icons/es/icons/AudioMutedOutlined';
import DesktopOutlined from '@ant-design/icons/es/icons/DesktopOutlined';
import SignalFilled from '@ant-design/icons/es/icons/SignalFilled';
import type { Quality } from '../rtc/stats';
import { useCallStore } from '../store/callStore';
import { useMediaStore } from '../store/mediaStore';
import { useStatsStore } from '../store/statsStore';

const QUALITY: Record<Quality, { text: string; color: string; hint: string }> = {
  good: { text: 'Good', color: 'green', hint: 'Connection is good' },
  fair: { text: 'Fair', color: 'gold', hint: 'Some delay or packet loss: video may be softer' },
  poor: {
    text: 'Poor',
    color: 'red',
    hint: 'High delay or packet loss: video may freeze. Try turning your camera off or moving closer to the Wi-Fi.',
  },
};

/** Over the remote video during a call: what the other side switched off, and the link quality. */
export function RemoteIndicators() {
  const inCall = useCallStore((s) => s.state === 'connected');
  const peerId = useCallStore((s) => s.peerId);
  const remote = useMediaStore((s) => (s.remote && s.remote.peerId === peerId ? s.remote : null));
  const quality = useStatsStore((s) => s.stats?.quality ?? null);
  if (!inCall) return null;
  return (
    <>
      {remote && !remote.video && (
        <div data-testid="remote-camera-off" className="video-overlay camera-off">
          The other person turned their camera off
        </div>
      )}
      <div className="remote-badges">
        {remote && !remote.audio && (
          <Tag data-testid="remote-muted" color="red" icon={<AudioMutedOutlined />}>
            Muted
          </Tag>
        )}
        {remote?.screen && (
          <Tag data-testid="remote-screen" color="blue" icon={<DesktopOutlined />}>
            Sharing screen
          </Tag>
        )}
        {quality && (
          <Tag
            data-testid="call-quality"
            data-quality={quality}
            color={QUALITY[quality].color}
            icon={<SignalFilled />}
            title={QUALITY[quality].hint}
          >
            {QUALITY[quality].text}
          </Tag>
        )}
      </div>
    </>
  );
}
