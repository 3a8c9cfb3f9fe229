// Rooms only the invited enter: New call's unguessable room, a lock with knocks declined and
// admitted, a seat kept through a reload, the safety code on both sides; and a passcode room
// where a guesser gets no seat and no hint.
import type { Page } from '@playwright/test';
import {
  expect,
  expectCallUp,
  expectState,
  joinRoom,
  room,
  test,
  type Fixtures,
} from './support/fixtures';
import { startServer } from './support/server';

const NEW_ROOM_ID = /^[a-z]{6}-[a-z]{6}-[a-z]{6}$/;

/** Opens the app at `roomId`'s invite link and asks to join as `name`. */
async function knockAs(
  openPage: Fixtures['openPage'],
  roomId: string,
  name: string,
  baseUrl?: string,
) {
  const page = await openPage({ query: `?room=${roomId}`, baseUrl });
  await expectState(page, 'disconnect');
  await page.getByTestId('name-input').fill(name);
  await page.getByTestId('join-button').click();
  await expect(page.getByTestId('knock-status')).toBeVisible();
  return page;
}

const safetyCode = (page: Page) => page.getByTestId('safety-code').textContent();

test('New call, a lock, a knock declined and one admitted, a reload, and the safety code', async ({
  openPage,
}) => {
  test.slow(); // two calls between two pages with live video
  const alice = await openPage();
  await alice.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await expectState(alice, 'disconnect');
  await alice.getByTestId('new-call-button').click();
  await expectState(alice, 'waiting');
  const roomId = await alice.getByTestId('room-input').inputValue();
  expect(roomId).toMatch(NEW_ROOM_ID);
  // The invite link is on the clipboard; an unguessable id needs no warning.
  const link = await alice.getByTestId('share-link').inputValue();
  expect(await alice.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await expect(alice.getByTestId('guessable-room-hint')).toHaveCount(0);

  await alice.getByTestId('lock-toggle').click();
  await expect(alice.getByTestId('lock-state')).toHaveAttribute('data-locked', 'true');

  // Bob knocks and is declined: a clear notice, and he is in no room.
  const bob = await knockAs(openPage, roomId, 'Bob');
  const request = alice.getByTestId('knock-request');
  await expect(request).toContainText('Bob wants to join');
  await request.getByTestId('decline-button').click();
  await expect(bob.getByTestId('room-denied')).toHaveAttribute('data-reason', 'declined');
  await expectState(bob, 'disconnect');
  await expect(request).toHaveCount(0);

  // He knocks again and is let in.
  await bob.getByTestId('join-button').click();
  await alice.getByTestId('knock-request').getByTestId('admit-button').click();
  await Promise.all([expectState(bob, 'canCall'), expectState(alice, 'canCall')]);
  await expect(bob.getByTestId('lock-state')).toHaveAttribute('data-locked', 'true');

  // A reload keeps his seat: back in without knocking.
  await bob.reload();
  await expectState(bob, 'canCall');
  await expect(alice.getByTestId('knock-request')).toHaveCount(0);

  // Once connected both sides show the same safety code; a new connection, a new code.
  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  const first = await safetyCode(alice);
  expect(first).toMatch(/^\d{3} \d{3} \d{3}$/);
  expect(await safetyCode(bob)).toBe(first);
  await alice.getByTestId('hangup-button').click();
  await Promise.all([expectState(alice, 'canCall'), expectState(bob, 'canCall')]);
  await bob.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  const second = await safetyCode(bob);
  expect(await safetyCode(alice)).toBe(second);
  expect(second).not.toBe(first);
});

test('a passcode room: a wrong passcode is refused, the right one enters, a guesser gets no seat and no hint', async ({
  openPage,
}) => {
  const roomId = room(); // short enough to guess, and the page says so
  const alice = await openPage();
  await expectState(alice, 'disconnect');
  await alice.getByTestId('room-input').fill(roomId);
  await expect(alice.getByTestId('guessable-hint')).toBeVisible();
  await alice.getByTestId('passcode-input').fill('tulip-42');
  await alice.getByTestId('join-button').click();
  await expectState(alice, 'waiting');
  await expect(alice.getByTestId('lock-state')).toHaveAttribute('data-locked', 'true');
  await expect(alice.getByTestId('lock-state')).toContainText('passcode');

  const bob = await openPage({ query: `?room=${roomId}` });
  await expectState(bob, 'disconnect');
  await bob.getByTestId('passcode-input').fill('tulip-24');
  await bob.getByTestId('join-button').click();
  await expect(bob.getByTestId('room-denied')).toHaveAttribute('data-reason', 'passcode');
  await expect(alice.getByTestId('knock-request')).toHaveCount(0);
  await bob.getByTestId('passcode-input').fill('tulip-42');
  await bob.getByTestId('join-button').click();
  await Promise.all([expectState(bob, 'canCall'), expectState(alice, 'canCall')]);

  // Someone who guessed the id: knocking, seated nowhere, told nothing about who is inside.
  const carol = await openPage();
  await joinRoom(carol, roomId, 'disconnect');
  await expect(carol.getByTestId('knock-status')).toBeVisible();
  await expect(carol.getByTestId('share-link')).toHaveCount(0);
  await expect(carol.getByTestId('room-full')).toHaveCount(0);
  await expect(carol.getByTestId('remote-video')).toHaveJSProperty('srcObject', null);
  await expect(alice.getByTestId('knock-request')).toContainText('Someone wants to join');
  await carol.getByTestId('knock-cancel').click();
  await expect(alice.getByTestId('knock-request')).toHaveCount(0);
  await expectState(carol, 'disconnect');
});

test('an unanswered knock ends after KNOCK_TIMEOUT: the knocker is told, the request goes away', async ({
  openPage,
}) => {
  const server = await startServer({ KNOCK_TIMEOUT: '3' });
  try {
    const alice = await openPage({ baseUrl: server.url });
    const roomId = room();
    await joinRoom(alice, roomId, 'waiting');
    await alice.getByTestId('lock-toggle').click();
    await expect(alice.getByTestId('lock-state')).toHaveAttribute('data-locked', 'true');

    const bob = await knockAs(openPage, roomId, 'Bob', server.url);
    const request = alice.getByTestId('knock-request');
    await expect(request).toContainText('Bob wants to join');
    // Nobody answers: after three seconds Bob hears so, and Alice's request is gone.
    const denied = bob.getByTestId('room-denied');
    await expect(denied).toHaveAttribute('data-reason', 'timeout', { timeout: 10_000 });
    await expect(denied).toContainText('Nobody let you in');
    await expect(bob.getByTestId('knock-status')).toHaveCount(0);
    await expectState(bob, 'disconnect');
    await expect(request).toHaveCount(0);

    // Knocking again works, and this time Alice lets him in.
    await bob.getByTestId('join-button').click();
    await alice.getByTestId('knock-request').getByTestId('admit-button').click();
    await Promise.all([expectState(bob, 'canCall'), expectState(alice, 'canCall')]);
  } finally {
    await server.stop();
  }
});
