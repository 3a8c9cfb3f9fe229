// What the media controls show: our mic/camera/screen state, the device lists and choices, and
// what the other side says it sends. The tracks themselves live in rtc/MediaControls.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { MediaStateValue } from '../../shared/protocol';
import type { DeviceChoice, DeviceKind, DeviceLists } from '../rtc/devices';

export interface MediaData {
  /** We have a microphone / camera track at all. */
  hasMic: boolean;
  hasCamera: boolean;
  micOn: boolean;
  cameraOn: boolean;
  screenSharing: boolean;
  devices: DeviceLists;
  /** The devices in use (speaker: the chosen output). */
  chosen: DeviceChoice;
  /** Bumped when a local track is swapped, so the preview and the level meter re-attach. */
  localTracksVersion: number;
  /** The other side's last `media-state`, with who sent it (stale once the peer changes). */
  remote: (MediaStateValue & { peerId: string }) | null;
}

export interface MediaActions {
  tracksChanged(has: { mic: boolean; camera: boolean }): void;
  micSwitched(on: boolean): void;
  cameraSwitched(on: boolean): void;
  screenShareChanged(on: boolean): void;
  devicesListed(devices: DeviceLists): void;
  deviceChosen(kind: DeviceKind, id: string | undefined): void;
  remoteStateReceived(peerId: string, state: MediaStateValue): void;
  reset(): void;
}

export type MediaStore = MediaData & MediaActions;

const initialData: MediaData = {
  hasMic: false,
  hasCamera: false,
  micOn: true,
  cameraOn: true,
  screenSharing: false,
  devices: { camera: [], microphone: [], speaker: [] },
  chosen: {},
  localTracksVersion: 0,
  remote: null,
};

export const createMediaStore = () =>
  createStore<MediaStore>()((set, get) => ({
    ...initialData,
    tracksChanged: ({ mic, camera }) =>
      set({ hasMic: mic, hasCamera: camera, localTracksVersion: get().localTracksVersion + 1 }),
    micSwitched: (micOn) => set({ micOn }),
    cameraSwitched: (cameraOn) => set({ cameraOn }),
    screenShareChanged: (screenSharing) => set({ screenSharing }),
    devicesListed: (devices) => set({ devices }),
    deviceChosen: (kind, id) => set({ chosen: { ...get().chosen, [kind]: id } }),
    remoteStateReceived: (peerId, state) => set({ remote: { ...state, peerId } }),
    reset: () => set({ ...initialData }),
  }));

export type MediaStoreApi = ReturnType<typeof createMediaStore>;

export const mediaStore = createMediaStore();

export function useMediaStore<T>(selector: (state: MediaStore) => T): T {
  return useStore(mediaStore, selector);
}
