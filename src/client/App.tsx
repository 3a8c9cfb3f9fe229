import { useRef } from 'react';
import ConfigProvider from 'antd/es/config-provider';
import { CallControls } from './components/CallControls';
import { ChatButton } from './components/ChatButton';
import { DevicePicker } from './components/DevicePicker';
import { DoorControls } from './components/DoorControls';
import { KnockRequests } from './components/KnockRequests';
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
import { useAntdLocale } from './i18n/antdLocale';
import { useT } from './i18n/useT';
import { LanguageSwitcher } from './components/LanguageSwitcher';
import { LiveRegions } from './components/LiveRegions';
import { appTheme } from './theme/appTheme';

export function App() {
  const remoteVideo = useRef<HTMLVideoElement>(null);
  const commands = useWebRTC(remoteVideo);
  const t = useT();
  const locale = useAntdLocale((s) => s.locale);
  return (
    <ConfigProvider
      theme={appTheme}
      locale={locale}
      // No space between two CJK characters ("加 入"): it would be read out and copied too.
      button={{ autoInsertSpace: false }}
    >
      <Notices />
      <LiveRegions />
      <div className="app">
        <header className="app-header">
          <span className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} /> {t('app.name')}
          </span>
          <div className="header-end">
            <CallStatus />
            <LanguageSwitcher />
          </div>
        </header>
        <main className="app-main">
          <RoomSelector onJoin={commands.join} onLeave={commands.leave} />
          <ShareLink />
          <DoorControls onLock={commands.setLock} />
          <KnockRequests onAdmit={commands.admit} onDecline={commands.decline} />
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
          <NetworkSettings
            onRelayOnlyChange={commands.setRelayOnly}
            fetchIceServers={commands.fetchIceServers}
          />
        </main>
      </div>
    </ConfigProvider>
  );
}
