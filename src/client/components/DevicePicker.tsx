import Button from 'antd/es/button';
import Popover from 'antd/es/popover';
import Tooltip from 'antd/es/tooltip';
import SettingOutlined from '@ant-design/icons/es/icons/SettingOutlined';
import type { DeviceKind } from '../rtc/devices';
import { useMediaStore } from '../store/mediaStore';
import { MicLevel } from './MicLevel';

interface Props {
  onChoose(kind: DeviceKind, id: string): void;
}

const canPickSpeaker =
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

function DeviceSelect({
  kind,
  label,
  testId,
  onChoose,
}: Props & { kind: DeviceKind; label: string; testId: string }) {
  const options = useMediaStore((s) => s.devices[kind]);
  const chosen = useMediaStore((s) => s.chosen[kind]);
  return (
    <label className="device-field">
      <span>{label}</span>
      <select
        data-testid={testId}
        value={chosen ?? ''}
        disabled={options.length === 0}
        onChange={(e) => onChoose(kind, e.target.value)}
      >
        {options.length === 0 && <option value="">None found</option>}
        {options.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Camera, microphone and (where the browser can) speaker, with a live mic level. */
export function DevicePicker({ onChoose }: Props) {
  const content = (
    <div className="device-picker" data-testid="device-picker">
      <DeviceSelect kind="camera" label="Camera" testId="camera-select" onChoose={onChoose} />
      <DeviceSelect kind="microphone" label="Microphone" testId="mic-select" onChoose={onChoose} />
      <MicLevel className="mic-level wide" />
      {canPickSpeaker && (
        <DeviceSelect kind="speaker" label="Speaker" testId="speaker-select" onChoose={onChoose} />
      )}
      <p className="device-hint">Your choice is remembered on this device.</p>
    </div>
  );
  return (
    <Popover content={content} title="Devices" trigger="click" placement="top">
      <Tooltip title="Camera, microphone and speaker">
        <Button
          data-testid="devices-button"
          aria-label="Devices"
          shape="circle"
          size="large"
          icon={<SettingOutlined />}
        />
      </Tooltip>
    </Popover>
  );
}
