import { useEffect, useRef, useState, type RefObject } from 'react';
import Button from 'antd/es/button';
import Tag from 'antd/es/tag';
import SoundOutlined from '@ant-design/icons/es/icons/SoundOutlined';
import { followSpeaker } from '../rtc/speaker';
import { useCallStore, type CallState } from '../store/callStore';
import { useMediaStore } from '../store/mediaStore';
import type { MessageKey } from '../i18n/message';
import { useT } from '../i18n/useT';
import { RemoteIndicators } from './RemoteIndicators';
import { SafetyCode } from './SafetyCode';

const OVERLAY: Partial<Record<CallState, MessageKey>> = {
  init: 'video.overlay.init',
  disconnect: 'video.overlay.disconnect',
  waiting: 'video.overlay.waiting',
  canCall: 'video.overlay.canCall',
  connecting: 'video.overlay.connecting',
};

/**
 * Plays a stream in a <video>; srcObject cannot be set from JSX. `version` changes when tracks of
 * the same stream were swapped (device switch, screen share): setting it again shows the new one.
 */
function useStreamVideo(
  stream: MediaStream | null,
  version = 0,
  external?: RefObject<HTMLVideoElement | null>,
) {
  const own = useRef<HTMLVideoElement>(null);
  const ref = external ?? own;
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    setBlocked(false);
    if (stream) video.play().catch(() => setBlocked(true));
  }, [ref, stream, version]);
  const resume = () => {
    void ref.current?.play().then(() => setBlocked(false));
  };
  return { ref, blocked, resume };
}

/** Plays the call on the chosen speaker, where the browser lets us pick one (setSinkId). */
function useSpeaker(ref: RefObject<HTMLVideoElement | null>, speakerId: string | undefined) {
  useEffect(
    () => (ref.current ? followSpeaker(ref.current, speakerId) : undefined),
    [ref, speakerId],
  );
}

interface Props {
  /** The remote player, for the call machinery to see when the picture is up. */
  remoteVideo: RefObject<HTMLVideoElement | null>;
}

export function VideoPane({ remoteVideo }: Props) {
  const t = useT();
  const state = useCallStore((s) => s.state);
  const localStream = useCallStore((s) => s.localStream);
  const remoteStream = useCallStore((s) => s.remoteStream);
  const connectionPath = useCallStore((s) => s.connectionPath);
  const localVersion = useMediaStore((s) => s.localTracksVersion);
  const cameraOff = useMediaStore((s) => s.hasCamera && !s.cameraOn && !s.screenSharing);
  const screenSharing = useMediaStore((s) => s.screenSharing);
  const speakerId = useMediaStore((s) => s.chosen.speaker);
  const local = useStreamVideo(localStream, localVersion);
  const remote = useStreamVideo(remoteStream, 0, remoteVideo);
  useSpeaker(remote.ref, speakerId);
  const overlay = OVERLAY[state];
  const hasLocalVideo = Boolean(localStream?.getVideoTracks().length);

  return (
    <section className="video-pane" aria-label={t('video.pane')}>
      <div className="remote-frame">
        <video
          data-testid="remote-video"
          ref={remote.ref}
          className="remote-video"
          autoPlay
          playsInline
          aria-label={t('video.remote')}
        />
        {overlay && <div className="video-overlay">{t(overlay)}</div>}
        {remote.blocked && (
          <Button className="unmute-button" icon={<SoundOutlined />} onClick={remote.resume}>
            {t('video.unblock')}
          </Button>
        )}
        <RemoteIndicators />
        <div className="connection-tags">
          {state === 'connected' && connectionPath && (
            <Tag
              data-testid="connection-type"
              color={connectionPath === 'relay' ? 'orange' : 'green'}
              title={t(connectionPath === 'relay' ? 'video.relayHint' : 'video.directHint')}
            >
              {connectionPath}
            </Tag>
          )}
          <SafetyCode />
        </div>
        <div
          className={hasLocalVideo && !cameraOff ? 'local-frame' : 'local-frame no-video'}
          data-screen={screenSharing || undefined}
        >
          <video
            data-testid="local-video"
            ref={local.ref}
            className="local-video"
            autoPlay
            playsInline
            muted
            aria-label={t('video.local')}
          />
          {!hasLocalVideo && state !== 'init' && (
            <div className="local-off">{t('video.noCamera')}</div>
          )}
          {hasLocalVideo && cameraOff && <div className="local-off">{t('video.cameraOff')}</div>}
        </div>
      </div>
    </section>
  );
}
