// The single owner of the call machinery: creates the SignalServer and CallController on mount,
// with the features riding on the connection (media controls, chat, stats, the size we show the
// other side's video at), wires them to the stores, and tears everything down on unmount.
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import type { IceServer } from '../../shared/protocol';
import { tabCallMemory } from '../rtc/callMemory';
import { CallController, type EntryOptions } from '../rtc/CallController';
import { ChatLink } from '../rtc/ChatLink';
import { loadDeviceChoice, type DeviceKind } from '../rtc/devices';
import { framePresented } from '../rtc/framePresented';
import { NotInRoomError } from '../rtc/iceServers';
import type { PeerSession } from '../rtc/PeerSession';
import { acquireLocalMedia } from '../rtc/media';
import { MediaControls } from '../rtc/MediaControls';
import type { LineWatch } from '../rtc/lineWatch';
import { RoomDoor } from '../rtc/RoomDoor';
import { SignalServer } from '../rtc/SignalServer';
import type { StatsSampler } from '../rtc/StatsSampler';
import { ViewLink } from '../rtc/ViewLink';
import { ViewSize } from '../rtc/viewSize';
import { callStore } from '../store/callStore';
import { chatStore } from '../store/chatStore';
import { doorStore } from '../store/doorStore';
import { mediaStore } from '../store/mediaStore';
import { statsStore } from '../store/statsStore';
import { getClientId } from './clientId';

export interface CallCommands {
  join(roomId: string, entry?: EntryOptions): void;
  leave(): void;
  call(): void;
  hangUp(): void;
  retry(): void;
  toggleMic(): void;
  toggleCamera(): void;
  toggleScreenShare(): void;
  useDevice(kind: DeviceKind, id: string): void;
  /** False when the message could not go (empty, too long, no connection). */
  sendChat(text: string): boolean;
  setRelayOnly(relayOnly: boolean): void;
  /** Fresh ICE servers with a TURN credential for this room member (the network test). */
  fetchIceServers(): Promise<IceServer[]>;
  /** Lock the room we are in (with a passcode, or knock only), or open it. */
  setLock(locked: boolean, passcode?: string): void;
  admit(knockId: string): void;
  decline(knockId: string): void;
}

interface Machinery {
  controller: CallController;
  controls: MediaControls;
  chat: ChatLink;
  door: RoomDoor;
}

function relayOnlyFromUrl(): boolean {
  return new URLSearchParams(window.location.search).get('relay') === '1';
}

/** How long a call waits for the remote picture before it counts as connected anyway. */
const FIRST_FRAME_CAP_MS = 1000;

/** `remoteVideo`: the player of the remote stream; the call turns connected once it shows a frame. */
export function useWebRTC(remoteVideo: RefObject<HTMLVideoElement | null>): CallCommands {
  const ref = useRef<Machinery | null>(null);

  useEffect(() => {
    for (const store of [callStore, mediaStore, chatStore, doorStore]) store.getState().reset();
    const notify = callStore.getState().notify;
    const chat = new ChatLink(chatStore);
    // Loaded apart from the first screen: it matters only once a call is on a lossy or thin line.
    let lineWatch: LineWatch | null = null;
    // Also apart: stats are sampled only once a call has a connection, seconds after the first screen.
    let stats: StatsSampler | null = null;
    let peerNow: PeerSession | null = null;
    let unmounted = false;
    void import('../rtc/StatsSampler').then((loaded) => {
      if (unmounted) return;
      stats = new loaded.StatsSampler(statsStore);
      stats.attach(peerNow?.pc ?? null);
    });
    void import('../rtc/lineWatch').then((loaded) => {
      if (unmounted) return;
      lineWatch = new loaded.LineWatch(statsStore);
      lineWatch.follow(peerNow);
    });
    const view = remoteVideo.current ? new ViewSize(remoteVideo.current) : null;
    const viewLink = view ? new ViewLink(view) : null;
    let controller: CallController | null = null;
    const controls = new MediaControls({
      store: mediaStore,
      notify,
      sendState: (value) => controller?.signalPeer({ type: 'media-state', value }),
    });
    const signal = new SignalServer();
    controller = new CallController({
      signal,
      store: callStore,
      clientId: getClientId(),
      acquireMedia: () => acquireLocalMedia(undefined, loadDeviceChoice()),
      relayOnly: relayOnlyFromUrl(),
      memory: tabCallMemory(),
      onPeerChanged: (peer) => {
        controls.peerChanged(peer);
        chat.follow(peer);
        viewLink?.follow(peer);
        stats?.attach(peer?.pc ?? null);
        peerNow = peer;
        lineWatch?.follow(peer);
      },
      onMediaState: (value, from) => controls.remoteStateReceived(value, from),
      remoteFrameShown: async () => {
        if (remoteVideo.current) await framePresented(remoteVideo.current, FIRST_FRAME_CAP_MS);
      },
    });
    const started = controller;
    const door = new RoomDoor({ signal, store: doorStore, room: () => started.room });
    // Out of the room (left, full, denied, reloaded away): its lock and knocks are not ours.
    const unfollow = callStore.subscribe((now, before) => {
      if (now.state === 'disconnect' && before.state !== 'disconnect') door.left();
    });
    ref.current = { controller, controls, chat, door };
    void started.start().then(() => controls.start(callStore.getState().localStream));
    // Leave the room when the page goes so the other side hears `bye` at once; the tab keeps
    // the room in memory, so a reload comes back into it (and into the call) by itself.
    const onPageHide = () => started.leave({ forget: false });
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      unfollow();
      door.dispose();
      controls.dispose();
      started.dispose();
      stats?.attach(null);
      unmounted = true;
      lineWatch?.dispose();
      viewLink?.dispose();
      view?.dispose();
      ref.current = null;
    };
    // A ref object: the same on every render, so the machinery is made once.
  }, [remoteVideo]);

  return useMemo(
    () => ({
      join: (roomId, entry) => ref.current?.controller.join(roomId, entry),
      leave: () => ref.current?.controller.leave(),
      call: () => ref.current?.controller.call(),
      hangUp: () => ref.current?.controller.hangUp(),
      retry: () => ref.current?.controller.retry(),
      toggleMic: () => ref.current?.controls.toggleMic(),
      toggleCamera: () => ref.current?.controls.toggleCamera(),
      toggleScreenShare: () => void ref.current?.controls.toggleScreenShare(),
      useDevice: (kind, id) => void ref.current?.controls.useDevice(kind, id),
      sendChat: (text) => ref.current?.chat.send(text) ?? false,
      setRelayOnly: (relayOnly) => ref.current?.controller.setRelayOnly(relayOnly),
      fetchIceServers: () =>
        ref.current?.controller.refreshIceServers() ?? Promise.reject(new NotInRoomError()),
      setLock: (locked, passcode) => ref.current?.door.setLock(locked, passcode),
      admit: (knockId) => ref.current?.door.admit(knockId),
      decline: (knockId) => ref.current?.door.decline(knockId),
    }),
    [],
  );
}
