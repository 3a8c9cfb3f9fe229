// Mic and camera on/off, device switching and screen sharing on the local stream.
//
// The MediaStream object stays the same (CallController and PeerSession hold it); only its tracks
// change. Its tracks are what we send, so a connection made later (the next call) sends the
// current choice too. On/off is track.enabled (the peer gets silence / black frames, no
// renegotiation); a new device or the screen goes out with RTCRtpSender.replaceTrack.
import type { MediaStateValue } from '../../shared/protocol';
import { msg, type Message, type MessageKey } from '../i18n/message';
import type { MediaStoreApi } from '../store/mediaStore';
import {
  chooseDevice,
  fallbackDevice,
  groupDevices,
  loadDeviceChoice,
  saveDeviceChoice,
  type DeviceKind,
} from './devices';
import { AUDIO, VIDEO } from './media';
import type { MediaKind, PeerSession } from './PeerSession';

export interface MediaControlsDeps {
  store: MediaStoreApi;
  notify(level: 'info' | 'warning' | 'error', text: Message): void;
  /** Tells the other side what we send now (a `media-state` signal). */
  sendState(state: MediaStateValue): void;
  mediaDevices?: MediaDevices;
}

const MEDIA_KIND: Record<Exclude<DeviceKind, 'speaker'>, MediaKind> = {
  camera: 'video',
  microphone: 'audio',
};
const DEVICE_KIND: Record<MediaKind, Exclude<DeviceKind, 'speaker'>> = {
  video: 'camera',
  audio: 'microphone',
};
// One whole sentence per device kind: languages inflect the device's name differently.
const SWITCH_FAILED: Record<Exclude<DeviceKind, 'speaker'>, MessageKey> = {
  camera: 'devices.switchFailed.camera',
  microphone: 'devices.switchFailed.microphone',
};
const SEND_FAILED: Record<MediaKind, MessageKey> = {
  video: 'devices.sendFailed.video',
  audio: 'devices.sendFailed.audio',
};
const LOST_SWITCHED: Record<Exclude<DeviceKind, 'speaker'>, MessageKey> = {
  camera: 'devices.lostSwitched.camera',
  microphone: 'devices.lostSwitched.microphone',
};
const LOST: Record<Exclude<DeviceKind, 'speaker'>, MessageKey> = {
  camera: 'devices.lost.camera',
  microphone: 'devices.lost.microphone',
};

/** A `media-state` value from the peer, checked; null when it is not one. */
export function parseMediaState(value: unknown): MediaStateValue | null {
  if (typeof value !== 'object' || value === null) return null;
  const { audio, video, screen } = value as Record<string, unknown>;
  if (typeof audio !== 'boolean' || typeof video !== 'boolean') return null;
  return { audio, video, screen: screen === true };
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String(error.name)
    : 'Error';
}

export class MediaControls {
  private stream: MediaStream | null = null;
  private peer: PeerSession | null = null;
  /** The camera, set aside while the screen is sent in its place. */
  private parkedCamera: MediaStreamTrack | null = null;
  private readonly media: MediaDevices | undefined;
  private disposed = false;

  constructor(private readonly deps: MediaControlsDeps) {
    this.media = deps.mediaDevices ?? globalThis.navigator?.mediaDevices;
  }

  private get store() {
    return this.deps.store.getState();
  }

  /** The local media is ready; null when there is none (receive-only). */
  start(stream: MediaStream | null): void {
    if (this.disposed) return;
    this.stream = stream;
    for (const track of stream?.getTracks() ?? []) this.watchDevice(track);
    this.publishTracks();
    this.media?.addEventListener('devicechange', this.onDeviceChange);
    void this.refreshDevices();
  }

  /** A new connection to the peer (or none): it needs to hear what we send. */
  peerChanged(peer: PeerSession | null): void {
    this.peer = peer;
    if (peer) this.sendState();
  }

  remoteStateReceived(value: unknown, from: string): void {
    const state = parseMediaState(value);
    if (state) this.store.remoteStateReceived(from, state);
  }

  toggleMic(): void {
    const track = this.track('audio');
    if (!track) return;
    track.enabled = !this.store.micOn;
    this.store.micSwitched(track.enabled);
    this.sendState();
  }

  toggleCamera(): void {
    const camera = this.camera();
    if (!camera) return;
    camera.enabled = !this.store.cameraOn;
    this.store.cameraSwitched(camera.enabled);
    this.sendState();
  }

  /**
   * Switches to another device mid-call. The user's choice is remembered for the next visit; a
   * stand-in for a lost device is not (the usual one may be back next time).
   */
  async useDevice(kind: DeviceKind, id: string, remember = true): Promise<void> {
    if (remember) saveDeviceChoice(kind, id);
    if (kind === 'speaker') {
      this.store.deviceChosen('speaker', id);
      return;
    }
    const mediaKind = MEDIA_KIND[kind];
    let track: MediaStreamTrack | undefined;
    try {
      const constraints = { ...(kind === 'camera' ? VIDEO : AUDIO), deviceId: { exact: id } };
      const stream = await this.media?.getUserMedia({ [mediaKind]: constraints });
      track = stream?.getTracks()[0];
    } catch (error) {
      this.deps.notify('error', msg(SWITCH_FAILED[kind], { error: errorName(error) }));
      void this.refreshDevices();
      return;
    }
    if (!track) return;
    if (this.disposed || !this.stream) {
      track.stop();
      return;
    }
    track.enabled = kind === 'camera' ? this.store.cameraOn : this.store.micOn;
    this.watchDevice(track);
    if (kind === 'camera' && this.parkedCamera) {
      // Sharing the screen: the new camera waits in the wings like the old one.
      this.parkedCamera.stop();
      this.parkedCamera = track;
    } else {
      await this.swap(mediaKind, track, true);
    }
    this.store.deviceChosen(kind, id);
  }

  async toggleScreenShare(): Promise<void> {
    if (this.store.screenSharing) await this.stopScreenShare();
    else await this.startScreenShare();
  }

  async startScreenShare(): Promise<void> {
    const camera = this.track('video');
    if (!camera || this.parkedCamera || !this.media?.getDisplayMedia) return;
    let screen: MediaStreamTrack | undefined;
    try {
      screen = (
        await this.media.getDisplayMedia({ video: true, audio: false })
      ).getVideoTracks()[0];
    } catch (error) {
      const refused = errorName(error) === 'NotAllowedError';
      this.deps.notify(
        refused ? 'warning' : 'error',
        refused
          ? msg('screenShare.cancelled')
          : msg('screenShare.failed', { error: errorName(error) }),
      );
      return;
    }
    if (!screen) return;
    if (this.disposed || this.track('video') !== camera) {
      screen.stop();
      return;
    }
    screen.contentHint = 'detail';
    // The browser's own "Stop sharing" button ends the track: go back to the camera.
    screen.addEventListener('ended', () => void this.stopScreenShare());
    this.parkedCamera = camera;
    await this.swap('video', screen, false);
    this.store.screenShareChanged(true);
    this.sendState();
  }

  async stopScreenShare(): Promise<void> {
    const camera = this.parkedCamera;
    if (!camera) return;
    this.parkedCamera = null;
    await this.swap('video', camera, true);
    this.store.screenShareChanged(false);
    this.sendState();
  }

  dispose(): void {
    this.disposed = true;
    this.media?.removeEventListener('devicechange', this.onDeviceChange);
    // The stream's own tracks are stopped by CallController; the parked camera is ours.
    this.parkedCamera?.stop();
    this.parkedCamera = null;
  }

  // ---------------------------------------------------------------------------------------

  private track(kind: MediaKind): MediaStreamTrack | null {
    return this.stream?.getTracks().find((t) => t.kind === kind) ?? null;
  }

  private camera(): MediaStreamTrack | null {
    return this.parkedCamera ?? this.track('video');
  }

  /** Puts `track` in the stream and on the wire in place of the current one of its kind. */
  private async swap(kind: MediaKind, track: MediaStreamTrack, stopOld: boolean): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    const old = this.track(kind);
    if (old) stream.removeTrack(old);
    stream.addTrack(track);
    this.publishTracks();
    try {
      await this.peer?.replaceTrack(kind, track);
    } catch (error) {
      this.deps.notify('error', msg(SEND_FAILED[kind], { error: errorName(error) }));
    }
    if (old && stopOld) old.stop();
  }

  private publishTracks(): void {
    this.store.tracksChanged({ mic: this.track('audio') !== null, camera: this.camera() !== null });
  }

  private sendState(): void {
    const { hasMic, micOn, hasCamera, cameraOn, screenSharing } = this.store;
    this.deps.sendState({
      audio: hasMic && micOn,
      video: (hasCamera && cameraOn) || screenSharing,
      screen: screenSharing,
    });
  }

  private readonly onDeviceChange = () => void this.refreshDevices();

  private async refreshDevices(): Promise<void> {
    if (!this.media?.enumerateDevices) return;
    const lists = groupDevices(await this.media.enumerateDevices());
    if (this.disposed) return;
    this.store.devicesListed(lists);
    const inUse = (track: MediaStreamTrack | null) => track?.getSettings().deviceId;
    this.store.deviceChosen('camera', inUse(this.camera()));
    this.store.deviceChosen('microphone', inUse(this.track('audio')));
    this.store.deviceChosen('speaker', chooseDevice(lists.speaker, loadDeviceChoice().speaker));
  }

  /** A camera or mic track that ends by itself lost its device (unplugged, taken away). */
  private watchDevice(track: MediaStreamTrack): void {
    // Read now: an ended track need not say which device it had.
    const deviceId = track.getSettings().deviceId;
    track.addEventListener('ended', () => void this.deviceLost(track, deviceId));
  }

  private async deviceLost(track: MediaStreamTrack, lost: string | undefined): Promise<void> {
    if (this.disposed || (track !== this.camera() && track !== this.track('audio'))) return;
    const kind = DEVICE_KIND[track.kind as MediaKind];
    await this.refreshDevices();
    const fallback = fallbackDevice(this.store.devices[kind], lost, loadDeviceChoice()[kind]);
    if (fallback) {
      this.deps.notify('warning', msg(LOST_SWITCHED[kind], { device: fallback.label }));
      await this.useDevice(kind, fallback.id, false);
    } else {
      this.deps.notify('error', msg(LOST[kind]));
    }
  }
}
