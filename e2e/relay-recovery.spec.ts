// The relay goes away mid-call (coturn stopped, relay-only): ICE restarts bring the call back once
// it returns, and when it stays away the page says so and offers Retry.
import { expect, expectCallUp, test, twoInRoom } from './support/turnFixtures';

test.slow();

test('relay lost mid-call and back: ICE restart restores the call within 15 s', async ({
  openPage,
  turnServer,
  coturn,
}) => {
  const relayOnly = { baseUrl: turnServer.url, query: '?relay=1' };
  const { alice, bob } = await twoInRoom(openPage, { alice: relayOnly, bob: relayOnly });
  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await expect(alice.getByTestId('connection-type')).toHaveText('relay');

  await coturn.stop();
  try {
    await Promise.all(
      [alice, bob].map((page) =>
        expect(page.getByTestId('call-alert')).toContainText('reconnecting'),
      ),
    );
  } finally {
    await coturn.restart();
  }
  await Promise.all(
    [alice, bob].map((page) =>
      expect(page.getByTestId('call-alert')).toBeHidden({ timeout: 15_000 }),
    ),
  );
  await expectCallUp(alice, bob);
  await expect(alice.getByTestId('connection-type')).toHaveText('relay');
});

test('relay gone for good: a clear notice with Retry, and Retry connects once the relay is back', async ({
  openPage,
  turnServer,
  coturn,
}) => {
  const relayOnly = { baseUrl: turnServer.url, query: '?relay=1' };
  const { alice, bob } = await twoInRoom(openPage, { alice: relayOnly, bob: relayOnly });
  await bob.getByTestId('call-button').click();
  await expectCallUp(alice, bob);

  await coturn.stop();
  try {
    // About 20 s of restarts, then the verdict.
    await expect(alice.getByTestId('call-alert')).toContainText('could not be restored', {
      timeout: 45_000,
    });
    await expect(alice.getByTestId('retry-button')).toBeVisible();
  } finally {
    await coturn.restart();
  }
  await alice.getByTestId('retry-button').click();
  await expectCallUp(alice, bob);
  await expect(bob.getByTestId('connection-type')).toHaveText('relay');
});
