// Faults injected for real during a call: a frozen peer, a signaling restart, a reload, glare.
import { chromium } from '@playwright/test';
import { chromiumLaunch } from './support/chromium';
import { clickTogether, fromPlaywright } from './support/duetPage';
import {
  expect,
  expectCallUp,
  expectRemoteFrames,
  expectState,
  joinRoom,
  test,
  twoInRoom,
} from './support/fixtures';
import { signalTree } from './support/processTree';
import { startServer } from './support/server';

test('a tab that crashes, sending no leave, puts the other side back to waiting within 5 s', async ({
  openPage,
}) => {
  const { alice, bob } = await twoInRoom(openPage);
  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  // The renderer dies at once: no pagehide, no `leave`; only its socket closes.
  const cdp = await bob.context().newCDPSession(bob);
  void cdp.send('Page.crash').catch(() => {});
  await expect(alice.getByTestId('call-state')).toHaveAttribute('data-state', 'waiting', {
    timeout: 5_000,
  });
});

test('a peer whose whole browser freezes is dropped by the server: the other is back to waiting', async ({
  openPage,
}) => {
  // Bob's browser is its own process tree, so it can be frozen whole: no leave, no socket close,
  // no ICE consent answers, as when a laptop lid shuts or the network vanishes.
  const bobsBrowser = await chromium.launchServer(chromiumLaunch);
  const pid = bobsBrowser.process().pid!;
  let frozen = false;
  try {
    const browser = await chromium.connect(bobsBrowser.wsEndpoint());
    const { alice, bob } = await twoInRoom(openPage, { bob: { browser } });
    await alice.getByTestId('call-button').click();
    await expectCallUp(alice, bob);

    signalTree(pid, 'SIGSTOP');
    frozen = true;
    // The server's heartbeat (10 s interval + 10 s timeout) notices within 20 s; then `bye`.
    await expect(alice.getByTestId('call-state')).toHaveAttribute('data-state', 'waiting', {
      timeout: 23_000,
    });
    await expect
      .poll(() => alice.getByTestId('remote-video').evaluate((v: HTMLVideoElement) => v.videoWidth))
      .toBe(0);
  } finally {
    if (frozen) signalTree(pid, 'SIGCONT');
    await bobsBrowser.close();
  }
});

test('signaling server restarted mid-call: media keeps flowing, both rejoin, hang-up and a new call work', async ({
  openPage,
}) => {
  const first = await startServer();
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const { alice, bob } = await twoInRoom(openPage, {
      alice: { baseUrl: first.url },
      bob: { baseUrl: first.url },
    });
    await bob.getByTestId('call-button').click();
    await expectCallUp(alice, bob);

    await first.stop();
    await Promise.all(
      [alice, bob].map((page) =>
        expect(page.getByTestId('signal-alert')).toContainText('Reconnecting'),
      ),
    );
    // Peer to peer: the call goes on while there is no server at all.
    await Promise.all([expectRemoteFrames(alice), expectRemoteFrames(bob)]);
    await Promise.all([expectState(alice, 'connected'), expectState(bob, 'connected')]);

    second = await startServer({ PORT: String(first.port) });
    await Promise.all(
      [alice, bob].map((page) => expect(page.getByTestId('signal-alert')).toBeHidden()),
    );
    // Both took their seats back with `resume`: the call was not torn down by the rejoin.
    await expectCallUp(alice, bob);
    await expect
      .poll(() => second!.logs.filter((line) => line.includes('"msg":"join"')).length)
      .toBe(2);

    await alice.getByTestId('hangup-button').click();
    await Promise.all([expectState(alice, 'canCall'), expectState(bob, 'canCall')]);
    await alice.getByTestId('call-button').click();
    await expectCallUp(alice, bob);
  } finally {
    await second?.stop();
    await first.stop();
  }
});

test('a page reloaded mid-call rejoins its room and the call comes back by itself', async ({
  openPage,
}) => {
  const { roomId, alice, bob } = await twoInRoom(openPage);
  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);

  await bob.reload();
  await expectCallUp(alice, bob);
  await expect(bob.getByTestId('room-input')).toHaveValue(roomId);
  // Its old seat did not linger: the room holds exactly the two of them.
  const carol = await openPage();
  await joinRoom(carol, roomId, 'disconnect');
  await expect(carol.getByTestId('room-full')).toContainText('full');

  // After Leave, a reload stays out of the room.
  await bob.getByTestId('leave-button').click();
  await expectState(alice, 'waiting');
  await bob.reload();
  await expectState(bob, 'disconnect');
  await expectState(alice, 'waiting');
});

test('glare: both press Call at the same moment, 20 rounds out of 20 give one call, connected on both sides', async ({
  openPage,
}) => {
  test.setTimeout(300_000);
  const { alice, bob } = await twoInRoom(openPage);
  for (let round = 1; round <= 20; round++) {
    // On the Call button as it was when aimed at (the peer's call may replace it meanwhile).
    await clickTogether([alice, bob].map(fromPlaywright), 'call-button');
    await test.step(`round ${round}`, () => expectCallUp(alice, bob));
    await (round % 2 ? alice : bob).getByTestId('hangup-button').click();
    await Promise.all([expectState(alice, 'canCall'), expectState(bob, 'canCall')]);
  }
});
