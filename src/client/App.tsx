import { useRef } from 'react';
import ConfigProvider from 'antd/es/config-provider';
import { CallControls } from './components/CallControls';
import { ChatButton } from './components/ChatButton';
import { DevicePicker } from './components/DevicePicker';
import { MediaToggles } from './components/MediaToggles';
import { ShareLink } from './components/ShareLink';
import { StatsButton } from './components/StatsButton';
import { CallStatus } from './components/CallStatus';
import { NetworkSettings } from './components/NetworkSettings';
import { Notices } from './components/Notices';
import { RoomSelector } from './components/RoomSelector';
import { StatusAlerts } from './components/StatusAlerts';
import { VideoPane } from './components/VideoPane';
import { useWebRTC } from './hooks/useWebRTC';
import { useT } from './i18n/useT';
import { appTheme } from './theme/appTheme';

export function App() {
  const remoteVideo = useRef<HTMLVideoElement>(null);
  const commands = useWebRTC(remoteVideo);
  const t = useT();
  return (
    <ConfigProvider theme={appTheme}>
      <Notices />
      <div className="app">
        <header className="app-header">
          <span className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} /> {t('app.name')}
          </span>
          <CallStatus />
        </header>
        <main className="app-main">
          <RoomSelector onJoin={commands.join} onLeave={commands.leave} />
          <ShareLink />
          <StatusAlerts onRetry={commands.retry} />
          <VideoPane remoteVideo={remoteVideo} />
          <CallControls
            onCall={commands.call}
            onHangUp={commands.hangUp}
            leading={
              <MediaToggles
                onToggleMic={commands.toggleMic}
                onToggleCamera={commands.toggleCamera}
                onToggleScreen={commands.toggleScreenShare}
              />
            }
            trailing={
              <>
                <ChatButton onSend={commands.sendChat} />
                <StatsButton />
                <DevicePicker onChoose={commands.useDevice} />
              </>
            }
          />
          <NetworkSettings onRelayOnlyChange={commands.setRelayOnly} />
        </main>
      </div>
    </ConfigProvider>
  );
}
