import ConfigProvider from 'antd/es/config-provider';
import theme from 'antd/es/theme';
import { CallControls } from './components/CallControls';
import { CallStatus } from './components/CallStatus';
import { NetworkSettings } from './components/NetworkSettings';
import { Notices } from './components/Notices';
import { RoomSelector } from './components/RoomSelector';
import { StatusAlerts } from './components/StatusAlerts';
import { VideoPane } from './components/VideoPane';
import { useWebRTC } from './hooks/useWebRTC';

const appTheme = {
  algorithm: theme.darkAlgorithm,
  token: { colorPrimary: '#3b82f6', borderRadius: 10, fontSize: 15 },
};

export function App() {
  const commands = useWebRTC();
  return (
    <ConfigProvider theme={appTheme}>
      <Notices />
      <div className="app">
        <header className="app-header">
          <span className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} /> duet
          </span>
          <CallStatus />
        </header>
        <main className="app-main">
          <RoomSelector onJoin={commands.join} onLeave={commands.leave} />
          <StatusAlerts onRetry={commands.retry} />
          <VideoPane />
          <CallControls onCall={commands.call} onHangUp={commands.hangUp} />
          <NetworkSettings onRelayOnlyChange={commands.setRelayOnly} />
        </main>
      </div>
    </ConfigProvider>
  );
}
