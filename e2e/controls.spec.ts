// In-call controls end to end, asserting on real media: what the other side receives (getStats,
// decoded frames, audio energy), not only on what the buttons show.
import type { Page } from '@playwright/test';
import {
  expect,
  expectCallUp,
  expectRemoteFrames,
  expectState,
  joinRoom,
  quietAudioPacketRate,
  remoteBrightness,
  test,
  type Fixtures,
} from './support/fixtures';
import { allowScreenShare, refuseScreenShare, setDevicePlugged } from './support/fakeHardware';
import {
  capturePeerConnections,
  localTrack,
  mediaCounters,
  receivedAudioEnergy,
  sentAudioPacketRate,
} from './support/rtc';

const room = () => `ctl-${Math.random().toString(36).slice(2, 10)}`;

// Two live calls on two shared cores: each of these takes 30–90 s here.
test.beforeEach(() => test.slow());

/** Alice and Bob in a fresh room with their peer connections captured; in a call if asked. */
async function pair(openPage: Fixtures['openPage'], { call = true } = {}) {
  const roomId = room();
  const alice = await openPage({ init: capturePeerConnections });
  const bob = await openPage({ init: capturePeerConnections });
  await joinRoom(alice, roomId, 'waiting');
  await joinRoom(bob, roomId, 'canCall');
  if (call) {
    await alice.getByTestId('call-button').click();
    await expectCallUp(alice, bob);
  }
  return { roomId, alice, bob };
}

/** The page keeps decoding the other side's video: more frames counted, real ones shown. */
async function expectVideoFlowing(page: Page) {
  const decoded = (await mediaCounters(page)).framesDecoded;
  await expect
    .poll(async () => (await mediaCounters(page)).framesDecoded)
    .toBeGreaterThan(decoded + 10);
  await expectRemoteFrames(page);
}

/**
 * Opens the page's Devices picker; `spare` is fake_device_2, an encodable camera not in use at
 * first (see support/chromium.ts).
 */
async function openCameraPicker(page: Page) {
  await page.getByTestId('devices-button').click();
  const cameras = page.getByTestId('camera-select');
  await expect(cameras.locator('option')).toHaveCount(3);
  const spare = await cameras.locator('option', { hasText: 'fake_device_2' }).getAttribute('value');
  return { cameras, spare: spare! };
}

/** Audio energy Bob hears over one second of Alice's audio (the fake mic beeps several times a second). */
const heard = (page: Page) => receivedAudioEnergy(page, 1);

test('mute reaches the other side as silence, by button and by the M key', async ({ openPage }) => {
  const { alice, bob } = await pair(openPage);
  const mic = alice.getByTestId('mic-toggle');
  await expect(mic).toHaveAttribute('aria-pressed', 'true');
  expect(await heard(bob)).toBeGreaterThan(0.001);
  const onRate = await sentAudioPacketRate(alice, 1);
  expect(onRate).toBeGreaterThan(40);

  await mic.click();
  await expect(mic).toHaveAttribute('aria-pressed', 'false');
  expect((await localTrack(alice, 'audio'))?.enabled).toBe(false);
  await expect(bob.getByTestId('remote-muted')).toBeVisible();
  // Bob hears silence: no audio energy arrives any more (polls until a whole second is silent).
  await expect.poll(() => heard(bob)).toBeLessThan(1e-6);
  // And the line carries next to nothing: with Opus DTX, a silent encoder sends a comfort-noise
  // update now and then instead of a packet every 20 ms (50 a second while the mic is on).
  const mutedRate = await quietAudioPacketRate(alice);
  test.info().annotations.push({
    type: 'dtx',
    description: `audio packets sent per second: ${onRate} with the mic on, ${mutedRate} muted`,
  });

  await alice.keyboard.press('m');
  await expect(mic).toHaveAttribute('aria-pressed', 'true');
  await expect(bob.getByTestId('remote-muted')).toBeHidden();
  await expect.poll(() => heard(bob)).toBeGreaterThan(0.001);
});

test('camera off sends black frames and says so over the video; V turns it back on', async ({
  openPage,
}) => {
  const { alice, bob } = await pair(openPage);
  const camera = alice.getByTestId('camera-toggle');
  await camera.click();
  await expect(camera).toHaveAttribute('aria-pressed', 'false');
  expect((await localTrack(alice, 'video'))?.enabled).toBe(false);
  const notice = bob.getByTestId('remote-camera-off');
  await expect(notice).toBeVisible();
  // Under the notice, what Bob decodes turns black (a disabled track sends black frames).
  await notice.evaluate((el: HTMLElement) => (el.style.visibility = 'hidden'));
  await expect.poll(() => remoteBrightness(bob)).toBeLessThan(5);

  await alice.keyboard.press('v');
  await expect(camera).toHaveAttribute('aria-pressed', 'true');
  await expect(notice).toBeHidden();
  await expectRemoteFrames(bob);
});

test('shortcuts stay out of the way while typing, and mute survives hang-up and a new call', async ({
  openPage,
}) => {
  const { alice, bob } = await pair(openPage);
  const mic = alice.getByTestId('mic-toggle');
  const camera = alice.getByTestId('camera-toggle');
  await alice.getByTestId('chat-button').click();
  await alice.getByTestId('chat-input').pressSequentially('mv');
  await expect(alice.getByTestId('chat-input')).toHaveValue('mv');
  await expect(mic).toHaveAttribute('aria-pressed', 'true');
  await expect(camera).toHaveAttribute('aria-pressed', 'true');
  await alice.getByTestId('chat-button').click();

  await mic.click();
  await expect(bob.getByTestId('remote-muted')).toBeVisible();
  await alice.getByTestId('hangup-button').click();
  await Promise.all([expectState(alice, 'canCall'), expectState(bob, 'canCall')]);
  await bob.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await expect(mic).toHaveAttribute('aria-pressed', 'false');
  expect((await localTrack(alice, 'audio'))?.enabled).toBe(false);
  await expect(bob.getByTestId('remote-muted')).toBeVisible();
  await expect.poll(() => heard(bob)).toBeLessThan(1e-6);
});

test('the mic level meter moves with the microphone, drops to zero when muted, and moves again when unmuted', async ({
  openPage,
}) => {
  const alice = await openPage();
  await expectState(alice, 'disconnect');
  const meter = alice.getByTestId('mic-level').first();
  const level = async () => Number(await meter.getAttribute('aria-valuenow'));
  await expect.poll(level).toBeGreaterThan(0);
  const mic = alice.getByTestId('mic-toggle');
  await mic.click();
  // The meter writes only when the level changes, so this waits for the change to 0.
  await expect.poll(level).toBe(0);
  expect((await localTrack(alice, 'audio'))?.enabled).toBe(false);
  await mic.click();
  await expect.poll(level).toBeGreaterThan(0);
});

test('switching camera, microphone and speaker mid-call swaps what is sent, and is remembered', async ({
  openPage,
}) => {
  const { alice, bob } = await pair(openPage);
  const { cameras, spare: other } = await openCameraPicker(alice);
  const before = await localTrack(alice, 'video');
  expect(other).not.toBe(before?.deviceId);
  await cameras.selectOption(other);

  await expect.poll(async () => (await localTrack(alice, 'video'))?.deviceId).toBe(other);
  const after = await localTrack(alice, 'video');
  expect(after?.id).not.toBe(before?.id);
  // The sender now sends the new camera's track (replaceTrack), and Bob keeps getting frames.
  await expect.poll(async () => (await mediaCounters(alice)).sentVideoTrackId).toBe(after?.id);
  await expectVideoFlowing(bob);

  const mics = alice.getByTestId('mic-select');
  const mic = await mics.evaluate(
    (select: HTMLSelectElement) =>
      [...select.options].map((o) => o.value).find((v) => v !== 'default') ?? '',
  );
  await mics.selectOption(mic);
  await expect.poll(async () => (await localTrack(alice, 'audio'))?.deviceId).toBe(mic);
  const newMic = await localTrack(alice, 'audio');
  await expect.poll(async () => (await mediaCounters(alice)).sentAudioTrackId).toBe(newMic?.id);
  await expect.poll(() => heard(bob)).toBeGreaterThan(0.001);

  // Speaker: the remote <video> plays on the chosen output (setSinkId).
  await bob.getByTestId('devices-button').click();
  const speakers = bob.getByTestId('speaker-select');
  const speaker = await speakers.evaluate(
    (select: HTMLSelectElement) =>
      [...select.options].map((o) => o.value).find((v) => v !== 'default') ?? '',
  );
  await speakers.selectOption(speaker);
  await expect(bob.getByTestId('remote-video')).toHaveJSProperty('sinkId', speaker);

  // The next visit starts with the same camera and microphone. (The tab also rejoins its room
  // and call by itself after a reload; the call it resumes sends the remembered camera.)
  await alice.reload();
  await expect.poll(async () => (await localTrack(alice, 'video'))?.deviceId).toBe(other);
  expect((await localTrack(alice, 'audio'))?.deviceId).toBe(mic);
  await expectState(alice, 'connected');
  const remembered = await localTrack(alice, 'video');
  await expect.poll(async () => (await mediaCounters(alice)).sentVideoTrackId).toBe(remembered?.id);
  await bob.reload();
  await expect(bob.getByTestId('call-state')).not.toHaveAttribute('data-state', 'init');
  await bob.getByTestId('devices-button').click();
  await expect(bob.getByTestId('speaker-select')).toHaveValue(speaker);
  // Applied too, though the call's stream was attached before its audio arrived (speaker.ts).
  await expect(bob.getByTestId('remote-video')).toHaveJSProperty('sinkId', speaker);
});

test('an unplugged camera mid-call: the lists follow, another camera takes over, the other side keeps seeing video', async ({
  openPage,
}) => {
  const { alice, bob } = await pair(openPage);
  // The camera in use is the spare one, chosen (and so remembered) in the picker.
  const { cameras, spare: usb } = await openCameraPicker(alice);
  await cameras.selectOption(usb);
  await expect.poll(async () => (await localTrack(alice, 'video'))?.deviceId).toBe(usb);

  await setDevicePlugged(alice, usb, false);
  await expect(cameras.locator('option')).toHaveCount(2);
  await expect(cameras.locator(`option[value="${usb}"]`)).toHaveCount(0);
  await expect(alice.locator('.ant-message')).toContainText(/Your camera stopped.*Switched to/);
  // Another camera is live in the preview, chosen in the list, and on the wire.
  await expect
    .poll(async () => {
      const track = await localTrack(alice, 'video');
      return track?.state === 'live' && track.deviceId !== usb;
    })
    .toBe(true);
  const standIn = (await localTrack(alice, 'video'))!;
  await expect(cameras).toHaveValue(standIn.deviceId);
  await expect.poll(async () => (await mediaCounters(alice)).sentVideoTrackId).toBe(standIn.id);
  await expectVideoFlowing(bob);
  // The stand-in is not remembered: the usual camera is still the one for the next visit.
  expect(await alice.evaluate(() => localStorage.getItem('duet.devices'))).toContain(usb);

  // Plugged back in: the list shows it again; the call stays on the stand-in.
  await setDevicePlugged(alice, usb, true);
  await expect(cameras.locator('option')).toHaveCount(3);
  expect((await localTrack(alice, 'video'))?.id).toBe(standIn.id);
});

test('screen share replaces the camera on the wire, and the browser ending it returns to the camera', async ({
  openPage,
}) => {
  const { alice, bob } = await pair(openPage);
  const screen = alice.getByTestId('screen-toggle');
  const camera = await localTrack(alice, 'video');
  await screen.click();
  await expect(screen).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await localTrack(alice, 'video'))?.label).toMatch(/^screen/);
  const shared = await localTrack(alice, 'video');
  await expect.poll(async () => (await mediaCounters(alice)).sentVideoTrackId).toBe(shared?.id);
  await expect(bob.getByTestId('remote-screen')).toBeVisible();
  await expectRemoteFrames(bob);

  // Headless Chromium has no "Stop sharing" bar: fire the `ended` event that bar causes.
  await alice.getByTestId('local-video').evaluate((v: HTMLVideoElement) => {
    const track = (v.srcObject as MediaStream).getVideoTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  await expect(screen).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await mediaCounters(alice)).sentVideoTrackId).toBe(camera?.id);
  expect((await localTrack(alice, 'video'))?.id).toBe(camera?.id);
  await expect(bob.getByTestId('remote-screen')).toBeHidden();
  await expectRemoteFrames(bob);

  // And by the button: share, then stop.
  await screen.click();
  await expect.poll(async () => (await localTrack(alice, 'video'))?.label).toMatch(/^screen/);
  await screen.click();
  await expect(screen).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await mediaCounters(alice)).sentVideoTrackId).toBe(camera?.id);
});

test('a cancelled screen-share picker leaves the camera on, says so, and the call goes on', async ({
  openPage,
}) => {
  const { alice, bob } = await pair(openPage);
  const screen = alice.getByTestId('screen-toggle');
  const camera = await localTrack(alice, 'video');
  await refuseScreenShare(alice);
  await screen.click();
  // A notice that goes away by itself (antd message), not a dialog in the way.
  await expect(alice.locator('.ant-message')).toContainText('Screen sharing was cancelled');
  await expect(alice.getByRole('dialog')).toHaveCount(0);
  await expect(screen).toHaveAttribute('aria-pressed', 'false');
  const after = await localTrack(alice, 'video');
  expect(after).toMatchObject({ id: camera?.id, state: 'live', enabled: true });
  expect((await mediaCounters(alice)).sentVideoTrackId).toBe(camera?.id);
  await expect(bob.getByTestId('remote-screen')).toBeHidden();
  await expectVideoFlowing(bob);

  // Nothing is stuck: the next try, with the picker answered, shares.
  await allowScreenShare(alice);
  await screen.click();
  await expect(screen).toHaveAttribute('aria-pressed', 'true');
  await expect(bob.getByTestId('remote-screen')).toBeVisible();
});

test('chat works before and during a call, shows unread messages, and renders text only', async ({
  openPage,
}) => {
  const { alice, bob } = await pair(openPage, { call: false });
  await alice.getByTestId('chat-button').click();
  const hostile = '<img src=x onerror="window.__pwned=1"> <b>bold?</b>';
  await alice.getByTestId('chat-input').fill(hostile);
  await alice.getByTestId('chat-send').click();
  await expect(alice.getByTestId('chat-input')).toHaveValue('');
  await expect(alice.getByTestId('chat-log')).toContainText('bold?');

  await expect(bob.getByTestId('chat-unread')).toContainText('1');
  await bob.getByTestId('chat-button').click();
  await expect(bob.getByTestId('chat-unread')).toBeHidden();
  const log = bob.getByTestId('chat-log');
  await expect(log.locator('[data-from="peer"]')).toHaveText(
    new RegExp(hostile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
  expect(await log.locator('img, b').count()).toBe(0);
  expect(
    await bob.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined();

  // During a call, Enter sends; the closed chat on the other side counts it as unread.
  await alice.getByTestId('chat-button').click();
  await bob.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await bob.getByTestId('chat-input').fill('can you see my screen?');
  await bob.getByTestId('chat-input').press('Enter');
  await expect(alice.getByTestId('chat-unread')).toContainText('1');
  await alice.getByTestId('chat-button').click();
  await expect(alice.getByTestId('chat-log').locator('[data-from="peer"]')).toHaveText(
    /can you see my screen\?/,
  );
});

test('the stats panel loads on demand and shows the live numbers of the call', async ({
  openPage,
}) => {
  const { alice } = await pair(openPage);
  const chunks: string[] = [];
  alice.on('request', (request) => chunks.push(request.url()));
  expect(chunks.some((url) => url.includes('StatsPanel'))).toBe(false);
  await alice.getByTestId('stats-button').click();
  const panel = alice.getByTestId('stats-panel');
  await expect(panel).toBeVisible();
  expect(chunks.some((url) => /StatsPanel-.*\.js/.test(url))).toBe(true);

  const stat = (key: string) => panel.locator(`[data-stat="${key}"]`);
  // Numbers are written the locale's way ("1,234 kbps" in English).
  const number = async (key: string) =>
    parseInt(((await stat(key).textContent()) ?? '0').replace(/\D/g, ''));
  await expect(stat('path')).toHaveText('direct');
  await expect(stat('rtt')).toHaveText(/^\d+ ms$/);
  await expect.poll(() => number('send-bitrate')).toBeGreaterThan(50);
  await expect.poll(() => number('receive-bitrate')).toBeGreaterThan(50);
  await expect(stat('loss')).toHaveText(/^\d+(\.\d)? %$/);
  await expect(stat('codec')).toHaveText(/(VP8|VP9|H264|AV1) \/ opus/i);
  // The resolution shown is the one the remote <video> really plays.
  await expect
    .poll(async () => {
      const size = await alice
        .getByTestId('remote-video')
        .evaluate((v: HTMLVideoElement) => `${v.videoWidth}×${v.videoHeight}`);
      return (await stat('video-in').textContent())?.startsWith(size);
    })
    .toBe(true);
  await expect(stat('video-in')).toHaveText(/@ \d+ fps$/);
  // Loopback: no loss, tiny round trip.
  await expect(alice.getByTestId('call-quality')).toHaveAttribute('data-quality', 'good');
});

test('the invite link names the room, copies, and opens the app with the room filled in', async ({
  openPage,
  server,
}) => {
  const alice = await openPage();
  const roomId = room();
  await joinRoom(alice, roomId, 'waiting');
  const link = `${server.url}/?room=${roomId}`;
  await expect(alice.getByTestId('share-link')).toHaveValue(link);
  await alice
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await alice.getByTestId('copy-link-button').click();
  await expect.poll(() => alice.evaluate(() => navigator.clipboard.readText())).toBe(link);

  const bob = await openPage({ query: `?room=${roomId}` });
  await expect(bob.getByTestId('room-input')).toHaveValue(roomId);
});

test('on a phone-width screen every control fits without scrolling sideways', async ({
  openPage,
}) => {
  const { alice } = await pair(openPage, { call: false });
  await alice.setViewportSize({ width: 375, height: 740 });
  // The page can still be laid out for the old width just after the resize (seen once in a
  // loaded CI run: mic-toggle at x = -14.8, 130 ms after it), so look until the layout settles;
  // one that never fits still fails here after 5 s.
  await expect(async () => {
    for (const id of [
      'mic-toggle',
      'camera-toggle',
      'screen-toggle',
      'call-button',
      'chat-button',
      'stats-button',
      'devices-button',
    ]) {
      const box = await alice.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x, id).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(375);
    }
    const scrollWidth = await alice.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
  }).toPass({ timeout: 5000 });
});
