import Button from 'antd/es/button';
import Popover from 'antd/es/popover';
import Tooltip from 'antd/es/tooltip';
import SettingOutlined from '@ant-design/icons/es/icons/SettingOutlined';
import type { DeviceKind } from '../rtc/devices';
import type { MessageKey } from '../i18n/message';
import { useT } from '../i18n/useT';
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
}: Props & { kind: DeviceKind; label: MessageKey; testId: string }) {
  const t = useT();
  const options = useMediaStore((s) => s.devices[kind]);
  const chosen = useMediaStore((s) => s.chosen[kind]);
  return (
    <label className="device-field">
      <span>{t(label)}</span>
      <select
        data-testid={testId}
        value={chosen ?? ''}
        disabled={options.length === 0}
        onChange={(e) => onChoose(kind, e.target.value)}
      >
        {options.length === 0 && <option value="">{t('devices.noneFound')}</option>}
        {options.map((d) => (
          <option key={d.id} value={d.id}>
            {typeof d.label === 'string' ? d.label : t(d.label)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Camera, microphone and (where the browser can) speaker, with a live mic level. */
export function DevicePicker({ onChoose }: Props) {
  const t = useT();
  const content = (
    <div className="device-picker" data-testid="device-picker">
      <DeviceSelect
        kind="camera"
        label="devices.camera"
        testId="camera-select"
        onChoose={onChoose}
      />
      <DeviceSelect
        kind="microphone"
        label="devices.microphone"
        testId="mic-select"
        onChoose={onChoose}
      />
      <MicLevel className="mic-level wide" />
      {canPickSpeaker && (
        <DeviceSelect
          kind="speaker"
          label="devices.speaker"
          testId="speaker-select"
          onChoose={onChoose}
        />
      )}
      <p className="device-hint">{t('devices.remembered')}</p>
    </div>
  );
  return (
    <Popover content={content} title={t('devices.title')} trigger="click" placement="top">
      <Tooltip title={t('devices.hint')}>
        <Button
          data-testid="devices-button"
          aria-label={t('devices.button')}
          shape="circle"
          size="large"
          icon={<SettingOutlined />}
        />
      </Tooltip>
    </Popover>
  );
}
