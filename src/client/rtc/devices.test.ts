import { describe, expect, it } from 'vitest';
import {
  chooseDevice,
  groupDevices,
  loadDeviceChoice,
  saveDeviceChoice,
  STORAGE_KEY,
  withDevice,
} from './devices';

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
        { id: 'cam2', label: 'Camera 2' },
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
