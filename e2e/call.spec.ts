// The 1:1 call end to end: real Chromium with fake camera/mic, the real built server.
import { chromium, type Page } from '@playwright/test';
import { sendScale } from '../src/client/rtc/sendResolution';
import { chromiumDenyingMedia } from './support/chromium';
import { capturePeerConnections, sentVideo } from './support/rtc';
import { startServer } from './support/server';
import {
  expect,
  expectCallUp,
  expectRemoteFrames,
  expectState,
  joinRoom,
  room,
  test,
  twoInRoom,
} from './support/fixtures';

type PictureProbe = Window & { __framesWhenConnected?: number };

/** In the page: counts remote frames presented before `call-state` turns `connected`. */
function recordPictureWhenConnected() {
  const state = document.querySelector('[data-testid="call-state"]')!;
  const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')!;
  let presented = 0;
  const onFrame = () => {
    presented += 1;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  new MutationObserver((_, observer) => {
    if (state.getAttribute('data-state') !== 'connected') return;
    (window as PictureProbe).__framesWhenConnected = presented;
    observer.disconnect();
  }).observe(state, { attributes: true, attributeFilter: ['data-state'] });
}

test('two people join the same room, call, and see and hear each other', async ({ openPage }) => {
  const { alice, bob } = await twoInRoom(openPage);
  await expectState(alice, 'canCall');
  // What the remote player shows at the moment each side says `connected`.
  for (const page of [alice, bob]) await page.evaluate(recordPictureWhenConnected);

  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  // `connected` comes once the other person is on screen, not at the first packet.
  for (const page of [alice, bob]) {
    expect(
      await page.evaluate(() => (window as PictureProbe).__framesWhenConnected),
    ).toBeGreaterThan(0);
  }

  // Both send audio as well: the remote stream carries a live audio track.
  for (const page of [alice, bob]) {
    const audio = await page.getByTestId('remote-video').evaluate((v: HTMLVideoElement) => {
      const track = (v.srcObject as MediaStream).getAudioTracks()[0];
      return track ? { state: track.readyState, muted: track.muted } : null;
    });
    expect(audio).toEqual({ state: 'live', muted: false });
  }
  await expect(alice.getByTestId('connection-type')).toHaveText('direct');
  // The local preview is mirrored and muted.
  const local = alice.getByTestId('local-video');
  await expect(local).toHaveJSProperty('muted', true);
  expect(await local.evaluate((v) => getComputedStyle(v).transform)).toContain('matrix(-1');
});

/** The box a page shows the remote video in, in device pixels. */
function remoteBox(page: Page) {
  return page.getByTestId('remote-video').evaluate((v) => {
    const { width, height } = v.getBoundingClientRect();
    return { width: width * devicePixelRatio, height: height * devicePixelRatio };
  });
}

test('the video sent is sized for the box the other side shows it in, and follows that box', async ({
  openPage,
}) => {
  const { alice, bob } = await twoInRoom(openPage, {
    alice: { init: capturePeerConnections },
  });
  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  const capture = (await sentVideo(alice))?.capture ?? null;
  expect(capture?.width).toBe(1280);
  const expectSizedFor = async (box: { width: number; height: number }) => {
    const scale = sendScale(capture, box);
    await expect.poll(async () => (await sentVideo(alice))?.scale).toBe(scale);
    // On the wire too: no frame wider than the scaled camera.
    await expect
      .poll(async () => (await sentVideo(alice))?.frameWidth ?? Infinity)
      .toBeLessThanOrEqual(Math.round(1280 / scale));
    return scale;
  };
  const wide = await expectSizedFor(await remoteBox(bob));
  await bob.setViewportSize({ width: 420, height: 800 });
  await expect.poll(async () => (await remoteBox(bob)).width).toBeLessThan(420);
  const narrow = await expectSizedFor(await remoteBox(bob));
  expect(narrow).toBeGreaterThan(wide);
});

test('a third person is told the room is full and is not let in', async ({ openPage }) => {
  const roomId = room();
  const [alice, bob, carol] = [await openPage(), await openPage(), await openPage()];
  await joinRoom(alice, roomId, 'waiting');
  await joinRoom(bob, roomId, 'canCall');
  await expect(carol.getByTestId('call-state')).not.toHaveAttribute('data-state', 'init');
  await carol.getByTestId('room-input').fill(roomId);
  await carol.getByTestId('join-button').click();
  await expect(carol.getByTestId('room-full')).toContainText('full');
  await expectState(carol, 'disconnect');
  // Carol's attempt did not disturb the two members; they can still call.
  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await carol.close();
  await expectState(alice, 'connected');
});

test('hang up on either side returns both to canCall, and they can call again', async ({
  openPage,
}) => {
  const { alice, bob } = await twoInRoom(openPage);

  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await bob.getByTestId('hangup-button').click();
  await Promise.all([expectState(alice, 'canCall'), expectState(bob, 'canCall')]);
  // The ended call's video is gone; the next idle connection shows nothing until a new Call.
  await expect
    .poll(() => alice.getByTestId('remote-video').evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBe(0);

  await bob.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await alice.getByTestId('hangup-button').click();
  await Promise.all([expectState(alice, 'canCall'), expectState(bob, 'canCall')]);

  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
});

test('when one side closes the page the other goes back to waiting', async ({ openPage }) => {
  const { roomId, alice, bob } = await twoInRoom(openPage);
  await bob.getByTestId('call-button').click();
  await expectCallUp(alice, bob);

  await bob.close();
  await expectState(alice, 'waiting');
  // The seat was freed: someone new can join and call.
  const carol = await openPage();
  await joinRoom(carol, roomId, 'canCall');
  await carol.getByTestId('call-button').click();
  await expectCallUp(alice, carol);
});

test('a browser whose camera is refused still joins, says so, and receives the call', async ({
  openPage,
}) => {
  const denying = await chromium.launch(chromiumDenyingMedia);
  try {
    const roomId = room();
    const viewer = await openPage({ browser: denying });
    const caller = await openPage();
    await expect(viewer.getByTestId('media-alert')).toContainText('refused');
    await joinRoom(viewer, roomId, 'waiting');
    await joinRoom(caller, roomId, 'canCall');
    await viewer.getByTestId('call-button').click();
    await Promise.all([expectState(viewer, 'connected'), expectState(caller, 'connected')]);
    await expectRemoteFrames(viewer);
    // The viewer sends nothing, so the caller's remote video stays empty.
    const callerRemote = caller.getByTestId('remote-video');
    expect(await callerRemote.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(0);
  } finally {
    await denying.close();
  }
});

test('signaling server down: the page says it is reconnecting and recovers by itself', async ({
  openPage,
}) => {
  const own = await startServer();
  let again: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const roomId = room();
    const alice = await openPage({ baseUrl: own.url });
    await joinRoom(alice, roomId, 'waiting');
    await own.stop();
    await expect(alice.getByTestId('signal-alert')).toContainText('Reconnecting');
    again = await startServer({ PORT: String(own.port) });
    await expect(alice.getByTestId('signal-alert')).toBeHidden();
    // It rejoined its room on the new server: a newcomer finds it there and they can call.
    const bob = await openPage({ baseUrl: again.url });
    await joinRoom(bob, roomId, 'canCall');
    await expectState(alice, 'canCall');
    await bob.getByTestId('call-button').click();
    await expectCallUp(alice, bob);
  } finally {
    await again?.stop();
    await own.stop();
  }
});
