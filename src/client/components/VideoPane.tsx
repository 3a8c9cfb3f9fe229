import { useEffect, useRef, useState } from 'react';
import Button from 'antd/es/button';
import Tag from 'antd/es/tag';
import SoundOutlined from '@ant-design/icons/es/icons/SoundOutlined';
import { useCallStore, type CallState } from '../store/callStore';

const OVERLAY: Partial<Record<CallState, string>> = {
  init: 'Starting your camera…',
  disconnect: 'Enter a room id and join. Share the same id with the person you want to call.',
  waiting: 'Waiting for the other person to join this room…',
  canCall: 'The other person is here. Press Call.',
  connecting: 'Connecting…',
};

/** Plays a stream in a <video>; srcObject cannot be set from JSX. */
function useStreamVideo(stream: MediaStream | null) {
  const ref = useRef<HTMLVideoElement>(null);
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    setBlocked(false);
    if (stream) video.play().catch(() => setBlocked(true));
  }, [stream]);
  const resume = () => {
    void ref.current?.play().then(() => setBlocked(false));
  };
  return { ref, blocked, resume };
}

export function VideoPane() {
  const state = useCallStore((s) => s.state);
  const localStream = useCallStore((s) => s.localStream);
  const remoteStream = useCallStore((s) => s.remoteStream);
  const connectionPath = useCallStore((s) => s.connectionPath);
  const local = useStreamVideo(localStream);
  const remote = useStreamVideo(remoteStream);
  const overlay = OVERLAY[state];
  const hasLocalVideo = Boolean(localStream?.getVideoTracks().length);

  return (
    <section className="video-pane" aria-label="Video">
      <div className="remote-frame">
        <video
          data-testid="remote-video"
          ref={remote.ref}
          className="remote-video"
          autoPlay
          playsInline
          aria-label="The other person"
        />
        {overlay && <div className="video-overlay">{overlay}</div>}
        {remote.blocked && (
          <Button className="unmute-button" icon={<SoundOutlined />} onClick={remote.resume}>
            Click to hear the call
          </Button>
        )}
        {state === 'connected' && connectionPath && (
          <Tag
            data-testid="connection-type"
            className="connection-type"
            color={connectionPath === 'relay' ? 'orange' : 'green'}
          >
            {connectionPath}
          </Tag>
        )}
        <div className={hasLocalVideo ? 'local-frame' : 'local-frame no-video'}>
          <video
            data-testid="local-video"
            ref={local.ref}
            className="local-video"
            autoPlay
            playsInline
            muted
            aria-label="Your camera (preview)"
          />
          {!hasLocalVideo && state !== 'init' && <div className="local-off">No camera</div>}
        </div>
      </div>
    </section>
  );
}
