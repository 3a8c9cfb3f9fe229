// How every browser in tests and benchmarks is launched: the system Chromium, fake camera and mic.
import type { LaunchOptions } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const BASE_ARGS = [
  // Three fake cameras (mics and speakers: 3 each), to test switching the camera mid-call.
  // fake_device_1 delivers Y16 (depth) frames, which WebRTC cannot encode: switch to fake_device_2.
  '--use-fake-device-for-media-stream=device-count=3',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Without these two, Chromium gathers no ICE candidates on loopback and ICE stays `new`.
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

/** A browser that grants camera and microphone without asking. */
export const chromiumLaunch: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: ['--use-fake-ui-for-media-stream', ...BASE_ARGS],
};

/** A browser that refuses camera and microphone, as when a user clicks "Block". */
export const chromiumDenyingMedia: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: ['--deny-permission-prompts', ...BASE_ARGS],
};
