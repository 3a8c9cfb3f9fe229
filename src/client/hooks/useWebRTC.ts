// The single owner of the call machinery: creates the SignalServer and CallController on mount,
// wires them to the store, and tears everything down on unmount.
import { useEffect, useMemo, useRef } from 'react';
import { tabCallMemory } from '../rtc/callMemory';
import { CallController } from '../rtc/CallController';
import { acquireLocalMedia } from '../rtc/media';
import { SignalServer } from '../rtc/SignalServer';
import { callStore } from '../store/callStore';
import { getClientId } from './clientId';

export interface CallCommands {
  join(roomId: string): void;
  leave(): void;
  call(): void;
  hangUp(): void;
  retry(): void;
  setRelayOnly(relayOnly: boolean): void;
}

function relayOnlyFromUrl(): boolean {
  return new URLSearchParams(window.location.search).get('relay') === '1';
}

export function useWebRTC(): CallCommands {
  const controllerRef = useRef<CallController | null>(null);

  useEffect(() => {
    callStore.getState().reset();
    const controller = new CallController({
      signal: new SignalServer(),
      store: callStore,
      clientId: getClientId(),
      acquireMedia: () => acquireLocalMedia(),
      relayOnly: relayOnlyFromUrl(),
      memory: tabCallMemory(),
    });
    controllerRef.current = controller;
    void controller.start();
    // Leave the room when the page goes so the other side hears `bye` at once; the tab keeps
    // the room in memory, so a reload comes back into it (and into the call) by itself.
    const onPageHide = () => controller.leave({ forget: false });
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      controller.dispose();
      controllerRef.current = null;
    };
  }, []);

  return useMemo(
    () => ({
      join: (roomId) => controllerRef.current?.join(roomId),
      leave: () => controllerRef.current?.leave(),
      call: () => controllerRef.current?.call(),
      hangUp: () => controllerRef.current?.hangUp(),
      retry: () => controllerRef.current?.retry(),
      setRelayOnly: (relayOnly) => controllerRef.current?.setRelayOnly(relayOnly),
    }),
    [],
  );
}
