import AudioMutedOutlined from '@ant-design/icons/es/icons/AudioMutedOutlined';
import AudioOutlined from '@ant-design/icons/es/icons/AudioOutlined';
import DesktopOutlined from '@ant-design/icons/es/icons/DesktopOutlined';
import VideoCameraOutlined from '@ant-design/icons/es/icons/VideoCameraOutlined';
import { useMemo } from 'react';
import { useShortcuts } from '../hooks/useShortcuts';
import { useT } from '../i18n/useT';
import { useMediaStore } from '../store/mediaStore';
import { MicLevel } from './MicLevel';
import { ToggleButton } from './ToggleButton';

interface Props {
  onToggleMic(): void;
  onToggleCamera(): void;
  onToggleScreen(): void;
}

/** Mic, camera and screen-share toggles; aria-pressed is true while the thing is on. */
export function MediaToggles({ onToggleMic, onToggleCamera, onToggleScreen }: Props) {
  const t = useT();
  const { hasMic, hasCamera, micOn, cameraOn, screenSharing } = useMediaStore((s) => s);
  const shortcuts = useMemo(
    () => ({ m: onToggleMic, v: onToggleCamera }),
    [onToggleMic, onToggleCamera],
  );
  useShortcuts(shortcuts);
  const canShare = hasCamera && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  const micLive = hasMic && micOn;
  const cameraLive = hasCamera && cameraOn;

  return (
    <>
      <ToggleButton
        testId="mic-toggle"
        label={t('controls.mic')}
        tooltip={hasMic ? t(micOn ? 'controls.mute' : 'controls.unmute') : t('controls.noMic')}
        pressed={micLive}
        danger={hasMic && !micOn}
        disabled={!hasMic}
        className={micLive ? 'media-toggle' : 'media-toggle off'}
        icon={micLive ? <AudioOutlined /> : <AudioMutedOutlined />}
        onClick={onToggleMic}
      >
        <MicLevel />
      </ToggleButton>
      <ToggleButton
        testId="camera-toggle"
        label={t('controls.camera')}
        tooltip={
          hasCamera
            ? t(cameraOn ? 'controls.cameraOff' : 'controls.cameraOn')
            : t('controls.noCamera')
        }
        pressed={cameraLive}
        danger={hasCamera && !cameraOn}
        disabled={!hasCamera}
        className={cameraLive ? 'media-toggle' : 'media-toggle off slashed'}
        icon={<VideoCameraOutlined />}
        onClick={onToggleCamera}
      />
      <ToggleButton
        testId="screen-toggle"
        label={t('controls.screen')}
        tooltip={
          canShare
            ? screenSharing
              ? t('controls.screenStop')
              : t('controls.screenStart')
            : t('controls.screenUnavailable')
        }
        pressed={screenSharing}
        fillWhenPressed
        disabled={!canShare}
        className="media-toggle"
        icon={<DesktopOutlined />}
        onClick={onToggleScreen}
      />
    </>
  );
}
