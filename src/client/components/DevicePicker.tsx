import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import Button from 'antd/es/button';
import Popover from 'antd/es/popover';
import Tooltip from 'antd/es/tooltip';
import SettingOutlined from '@ant-design/icons/es/icons/SettingOutlined';
import { focusFirstIn, keepTabInside } from '../a11y/tabLoop';
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

/**
 * Camera, microphone and (where the browser can) speaker, with a live mic level. Opened, it takes
 * the focus and keeps Tab inside; Escape closes it and gives the focus back to its button.
 */
export function DevicePicker({ onChoose }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => (open ? keepTabInside(() => panel.current) : undefined), [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    close();
  };
  const content = (
    <div
      className="device-picker"
      data-testid="device-picker"
      ref={panel}
      role="dialog"
      aria-label={t('devices.title')}
      onKeyDown={onKeyDown}
    >
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
    <Popover
      content={content}
      title={t('devices.title')}
      trigger="click"
      placement="top"
      open={open}
      onOpenChange={setOpen}
      afterOpenChange={(shown) => {
        if (shown) focusFirstIn(panel.current);
      }}
    >
      <Tooltip title={t('devices.hint')}>
        <Button
          ref={button}
          data-testid="devices-button"
          aria-label={t('devices.button')}
          aria-haspopup="dialog"
          aria-expanded={open}
          shape="circle"
          size="large"
          icon={<SettingOutlined />}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && open) close();
          }}
        />
      </Tooltip>
    </Popover>
  );
}
