// Camera, microphone and speaker lists from enumerateDevices(), and the user's choice of each,
// remembered in localStorage so the next visit starts with the same devices.
import { msg, type Message, type MessageKey } from '../i18n/message';

export type DeviceKind = 'camera' | 'microphone' | 'speaker';

export interface DeviceOption {
  id: string;
  /** The browser's name for it, or a numbered one ("Camera 2") when the browser gives none. */
  label: string | Message;
}

export type DeviceLists = Record<DeviceKind, DeviceOption[]>;
export type DeviceChoice = Partial<Record<DeviceKind, string>>;

const KIND_OF: Record<string, DeviceKind> = {
  videoinput: 'camera',
  audioinput: 'microphone',
  audiooutput: 'speaker',
};
const UNNAMED: Record<DeviceKind, MessageKey> = {
  camera: 'devices.unnamed.camera',
  microphone: 'devices.unnamed.microphone',
  speaker: 'devices.unnamed.speaker',
};
export const STORAGE_KEY = 'duet.devices';

/**
 * Groups devices by kind. Labels are empty until the page has camera/mic permission: those get
 * a numbered name. Entries without an id (no permission yet) cannot be chosen and are left out.
 */
export function groupDevices(
  devices: ReadonlyArray<Pick<MediaDeviceInfo, 'kind' | 'deviceId' | 'label'>>,
): DeviceLists {
  const lists: DeviceLists = { camera: [], microphone: [], speaker: [] };
  for (const device of devices) {
    const kind = KIND_OF[device.kind];
    if (!kind || !device.deviceId) continue;
    const list = lists[kind];
    if (list.some((d) => d.id === device.deviceId)) continue;
    const label = device.label || msg(UNNAMED[kind], { n: list.length + 1 });
    list.push({ id: device.deviceId, label });
  }
  return lists;
}

/** The device to show as chosen: the wanted one if it is still there, else the first. */
export function chooseDevice(
  list: readonly DeviceOption[],
  wanted: string | undefined,
): string | undefined {
  if (wanted && list.some((d) => d.id === wanted)) return wanted;
  return list[0]?.id;
}

/** Entries that stand for another device (the system's default), not a device of their own. */
const ALIASES = new Set(['default', 'communications']);

/**
 * A stand-in for a device that went away (unplugged): the user's remembered choice if it is still
 * there, else the first real device, else an alias such as "default"; never the lost one.
 */
export function fallbackDevice(
  list: readonly DeviceOption[],
  lost: string | undefined,
  remembered?: string,
): DeviceOption | undefined {
  const left = list.filter((d) => d.id !== lost);
  return left.find((d) => d.id === remembered) ?? left.find((d) => !ALIASES.has(d.id)) ?? left[0];
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export function loadDeviceChoice(
  storage: KeyValueStore | undefined = globalThis.localStorage,
): DeviceChoice {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const choice: DeviceChoice = {};
    for (const kind of Object.keys(UNNAMED) as DeviceKind[]) {
      const id = (parsed as Record<string, unknown>)[kind];
      if (typeof id === 'string' && id.length > 0 && id.length <= 256) choice[kind] = id;
    }
    return choice;
  } catch {
    // Corrupt or blocked storage (private mode): start with the browser's defaults.
    return {};
  }
}

export function saveDeviceChoice(
  kind: DeviceKind,
  id: string,
  storage: KeyValueStore | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify({ ...loadDeviceChoice(storage), [kind]: id }));
  } catch {
    // Storage full or blocked: the choice holds for this visit only.
  }
}

/**
 * getUserMedia constraints for exactly the chosen device. (Chromium ignores an `ideal` deviceId
 * when another camera suits the other constraints as well, so callers fall back themselves.)
 */
export function withDevice(
  base: MediaTrackConstraints,
  id: string | undefined,
): MediaTrackConstraints {
  return id ? { ...base, deviceId: { exact: id } } : base;
}
