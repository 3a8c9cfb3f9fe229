import Button from 'antd/es/button';
import Tooltip from 'antd/es/tooltip';
import AudioMutedOutlined from '@ant-design/icons/es/icons/AudioMutedOutlined';
import AudioOutlined from '@ant-design/icons/es/icons/AudioOutlined';
import DesktopOutlined from '@ant-design/icons/es/icons/DesktopOutlined';
import VideoCameraOutlined from '@ant-design/icons/es/icons/VideoCameraOutlined';
import { useMemo } from 'react';
import { useShortcuts } from '../hooks/useShortcuts';
import { useMediaStore } from '../store/mediaStore';
import { MicLevel } from './MicLevel';

interface Props {
  onToggleMic(): void;
  onToggleCamera(): void;
  onToggleScreen(): void;
}

/** Mic, camera and screen-share toggles; aria-pressed is true while the thing is on. */
export function MediaToggles({ onToggleMic, onToggleCamera, onToggleScreen }: Props) {
  const { hasMic, hasCamera, micOn, cameraOn, screenSharing } = useMediaStore((s) => s);
  const shortcuts = useMemo(
    () => ({ m: onToggleMic, v: onToggleCamera }),
    [onToggleMic, onToggleCamera],
  );
  useShortcuts(shortcuts);
  const canShare = hasCamera && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

  return (
    <>
      <Tooltip title={hasMic ? `${micOn ? 'Mute' : 'Unmute'} (M)` : 'No microphone'}>
        <span className="toggle-wrap">
          <Button
            data-testid="mic-toggle"
            aria-label="Microphone"
            aria-pressed={hasMic && micOn}
            shape="circle"
            size="large"
            className={micOn ? 'media-toggle' : 'media-toggle off'}
            danger={hasMic && !micOn}
            disabled={!hasMic}
            icon={micOn && hasMic ? <AudioOutlined /> : <AudioMutedOutlined />}
            onClick={onToggleMic}
          />
          <MicLevel />
        </span>
      </Tooltip>
      <Tooltip title={hasCamera ? `Turn camera ${cameraOn ? 'off' : 'on'} (V)` : 'No camera'}>
        <Button
          data-testid="camera-toggle"
          aria-label="Camera"
          aria-pressed={hasCamera && cameraOn}
          shape="circle"
          size="large"
          className={cameraOn && hasCamera ? 'media-toggle' : 'media-toggle off slashed'}
          danger={hasCamera && !cameraOn}
          disabled={!hasCamera}
          icon={<VideoCameraOutlined />}
          onClick={onToggleCamera}
        />
      </Tooltip>
      <Tooltip
        title={
          canShare
            ? screenSharing
              ? 'Stop sharing your screen'
              : 'Share your screen'
            : 'Screen sharing needs a camera line and a desktop browser'
        }
      >
        <Button
          data-testid="screen-toggle"
          aria-label="Share screen"
          aria-pressed={screenSharing}
          shape="circle"
          size="large"
          type={screenSharing ? 'primary' : 'default'}
          className="media-toggle"
          disabled={!canShare}
          icon={<DesktopOutlined />}
          onClick={onToggleScreen}
        />
      </Tooltip>
    </>
  );
}
