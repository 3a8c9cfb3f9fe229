import { describe, expect, it } from 'vitest';
import {
  chooseDevice,
  fallbackDevice,
  groupDevices,
  loadDeviceChoice,
  saveDeviceChoice,
  STORAGE_KEY,
  withDevice,
} from './devices';
import { msg } from '../i18n/message';

class MemoryStorage {
  readonly data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

describe('groupDevices', () => {
  it('sorts devices by kind and names unlabeled ones', () => {
    const lists = groupDevices([
      { kind: 'videoinput', deviceId: 'cam1', label: 'Front camera' },
      { kind: 'videoinput', deviceId: 'cam2', label: '' },
      { kind: 'audioinput', deviceId: 'mic1', label: 'Headset' },
      { kind: 'audiooutput', deviceId: 'default', label: 'Default' },
    ]);
    expect(lists).toEqual({
      camera: [
        { id: 'cam1', label: 'Front camera' },
        { id: 'cam2', label: msg('devices.unnamed.camera', { n: 2 }) },
      ],
      microphone: [{ id: 'mic1', label: 'Headset' }],
      speaker: [{ id: 'default', label: 'Default' }],
    });
  });

  it('leaves out entries without an id (no permission yet) and duplicates', () => {
    const lists = groupDevices([
      { kind: 'videoinput', deviceId: '', label: '' },
      { kind: 'audioinput', deviceId: 'a', label: 'A' },
      { kind: 'audioinput', deviceId: 'a', label: 'A again' },
    ]);
    expect(lists.camera).toEqual([]);
    expect(lists.microphone).toEqual([{ id: 'a', label: 'A' }]);
  });
});

describe('fallbackDevice', () => {
  const cameras = [
    { id: 'front', label: 'Front' },
    { id: 'usb', label: 'USB' },
    { id: 'back', label: 'Back' },
  ];
  const mics = [
    { id: 'default', label: 'Default' },
    { id: 'communications', label: 'Communications' },
    { id: 'headset', label: 'Headset' },
    { id: 'built-in', label: 'Built-in' },
  ];
  const pick = (...args: Parameters<typeof fallbackDevice>) => fallbackDevice(...args)?.id;

  it('takes the remembered choice when it is still there', () =>
    expect(pick(cameras, 'usb', 'back')).toBe('back'));
  it('otherwise the first device that is not the lost one', () => {
    expect(pick(cameras, 'front')).toBe('usb');
    expect(pick(cameras, 'usb', 'usb')).toBe('front');
    expect(pick(cameras, 'front', 'gone')).toBe('usb');
  });
  it('prefers a real device to an alias such as "default"', () =>
    expect(pick(mics, 'headset')).toBe('built-in'));
  it('takes an alias when no real device is left', () =>
    expect(pick(mics.slice(0, 3), 'headset')).toBe('default'));
  it('never gives back the lost device, even when it is remembered or still listed', () => {
    expect(pick([{ id: 'usb', label: 'USB' }], 'usb', 'usb')).toBeUndefined();
    expect(pick([], 'usb')).toBeUndefined();
  });
  it('works when the lost device is unknown (its track said nothing)', () =>
    expect(pick(cameras, undefined)).toBe('front'));
});

describe('chooseDevice', () => {
  const list = [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ];
  it('keeps the wanted device while it is there', () => expect(chooseDevice(list, 'b')).toBe('b'));
  it('falls back to the first when the wanted one is gone', () =>
    expect(chooseDevice(list, 'gone')).toBe('a'));
  it('has nothing to choose from an empty list', () =>
    expect(chooseDevice([], 'a')).toBeUndefined());
});

describe('device choice persistence', () => {
  it('remembers each kind separately', () => {
    const storage = new MemoryStorage();
    saveDeviceChoice('camera', 'cam2', storage);
    saveDeviceChoice('microphone', 'mic1', storage);
    saveDeviceChoice('camera', 'cam3', storage);
    expect(loadDeviceChoice(storage)).toEqual({ camera: 'cam3', microphone: 'mic1' });
  });

  it('ignores corrupt or foreign values', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, '{not json');
    expect(loadDeviceChoice(storage)).toEqual({});
    storage.setItem(STORAGE_KEY, JSON.stringify({ camera: 42, speaker: 'spk', other: 'x' }));
    expect(loadDeviceChoice(storage)).toEqual({ speaker: 'spk' });
  });

  it('survives storage that throws (blocked in private mode)', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadDeviceChoice(blocked)).toEqual({});
    expect(() => saveDeviceChoice('camera', 'x', blocked)).not.toThrow();
  });
});

describe('withDevice', () => {
  it('asks for exactly the chosen device, or any without a choice', () => {
    expect(withDevice({ width: 640 }, 'cam2')).toEqual({ width: 640, deviceId: { exact: 'cam2' } });
    expect(withDevice({ width: 640 }, undefined)).toEqual({ width: 640 });
  });
});
