// The relay goes away mid-call (coturn stopped, relay-only): ICE restarts bring the call back once
// it returns, and when it stays away the page says so and offers Retry.
import type { Page } from '@playwright/test';
import {
  alike,
  expect,
  expectCallUp,
  test,
  twoInRoom,
  type Fixtures,
} from './support/turnFixtures';

test.slow();

/** Alice and Bob in a relay-only call through coturn, placed by `caller`: frames both ways. */
async function relayedCall(
  openPage: Fixtures['openPage'],
  serverUrl: string,
  caller: 'alice' | 'bob',
): Promise<{ alice: Page; bob: Page }> {
  const pages = await twoInRoom(openPage, alike({ baseUrl: serverUrl, query: '?relay=1' }));
  await pages[caller].getByTestId('call-button').click();
  await expectCallUp(pages.alice, pages.bob);
  return pages;
}

test('relay lost mid-call and back: ICE restart restores the call within 15 s', async ({
  openPage,
  turnServer,
  coturn,
}) => {
  const { alice, bob } = await relayedCall(openPage, turnServer.url, 'alice');
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
  const { alice, bob } = await relayedCall(openPage, turnServer.url, 'bob');

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
