// Calls through a real coturn (started by the harness in the hermetic namespace): relay-only
// calls with real frames both ways, the relay-only switch, the network test, and what the user
// sees when the relay refuses duet's credential.
import { duetTurnEnv } from './support/coturn';
import { startServer } from './support/server';
import {
  expect,
  expectCallUp,
  expectState,
  joinRoom,
  room,
  test,
  alike,
  twoInRoom,
} from './support/turnFixtures';

const ALLOCATED = /user <\d+:[^>]+>: incoming packet ALLOCATE processed, success/;
const RELAYED_TO_PEER = /incoming packet (CHANNEL_BIND|CREATE_PERMISSION) processed, success/;

test('a relay-only call goes through coturn: real frames both ways, path relay', async ({
  openPage,
  turnServer,
  coturn,
}) => {
  const from = coturn.logs.length;
  const { alice, bob } = await twoInRoom(
    openPage,
    alike({ baseUrl: turnServer.url, query: '?relay=1' }),
  );
  // /?relay=1 shows in the setting.
  await expect(alice.getByTestId('relay-only-toggle')).toHaveAttribute('aria-checked', 'true');

  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await expect(alice.getByTestId('connection-type')).toHaveText('relay');
  await expect(bob.getByTestId('connection-type')).toHaveText('relay');
  // coturn allocated relays with duet's credentials and relayed to the peers.
  await coturn.waitForLog(ALLOCATED, { fromLine: from });
  await coturn.waitForLog(RELAYED_TO_PEER, { fromLine: from });
});

test('the relay-only switch in a room renews the prepared connection: the next call is relayed', async ({
  openPage,
  turnServer,
}) => {
  const { alice, bob } = await twoInRoom(openPage, alike({ baseUrl: turnServer.url }));
  const toggle = alice.getByTestId('relay-only-toggle');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  // Alice takes her seat again, so both prepare a new connection.
  await Promise.all([expectState(alice, 'canCall'), expectState(bob, 'canCall')]);

  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await expect(alice.getByTestId('connection-type')).toHaveText('relay');
});

test('the network test finds relay candidates over TURN UDP and TCP', async ({
  openPage,
  turnServer,
  coturn,
}) => {
  const page = await openPage({ baseUrl: turnServer.url });
  // The relay's credential is for room members only: outside a room the test says so.
  await page.getByTestId('network-test-button').click();
  const result = page.getByTestId('network-test-result');
  await expect(result).toHaveAttribute('data-state', 'error');
  await expect(result).toContainText('join a room');
  await joinRoom(page, room(), 'waiting');
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(result).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('network-test-verdict')).toContainText('relay works');
  const { ip, port } = coturn.settings;
  for (const transport of ['udp', 'tcp']) {
    const row = result.locator('tr', { hasText: `turn:${ip}:${port}?transport=${transport}` });
    await expect(row).toContainText('relay');
    await expect(row.locator('td').nth(2)).toHaveText(/^[\d,]+ ms$/);
  }
});

test.describe('a duet server whose TURN_SECRET does not match coturn', () => {
  let wrong: Awaited<ReturnType<typeof startServer>>;
  test.beforeAll(async ({ coturn }) => {
    wrong = await startServer({
      ...duetTurnEnv(coturn.settings),
      TURN_SECRET: 'not-coturns-secret',
    });
  });
  test.afterAll(async () => wrong.stop());

  test('the network test reports the 401', async ({ openPage }) => {
    const page = await openPage({ baseUrl: wrong.url });
    await joinRoom(page, room(), 'waiting');
    await page.getByTestId('network-test-button').click();
    await expect(page.getByTestId('network-test-result')).toHaveAttribute('data-state', 'done');
    const verdict = page.getByTestId('network-test-verdict');
    await expect(verdict).toContainText('relay fails');
    await expect(verdict).toContainText('refused the credential (401)');
  });

  test('a relay-only call says the relay refused the credential instead of hanging', async ({
    openPage,
  }) => {
    const { alice, bob } = await twoInRoom(
      openPage,
      alike({ baseUrl: wrong.url, query: '?relay=1' }),
    );
    await alice.getByTestId('call-button').click();
    for (const page of [alice, bob]) {
      await expect(page.getByTestId('call-alert')).toContainText('refused');
      await expect(page.getByTestId('call-alert')).toContainText('401');
    }
    await expectState(alice, 'connecting');
  });
});

test('with coturn stopped the network test says the relay fails, and passes again once it is back', async ({
  openPage,
  turnServer,
  coturn,
}) => {
  const page = await openPage({ baseUrl: turnServer.url });
  await joinRoom(page, room(), 'waiting');
  await coturn.stop();
  try {
    await page.getByTestId('network-test-button').click();
    const result = page.getByTestId('network-test-result');
    await expect(result).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    const verdict = page.getByTestId('network-test-verdict');
    await expect(verdict).toContainText('relay fails');
    await expect(verdict).toContainText(/could not be reached \(701\)|timeout/);
  } finally {
    await coturn.restart();
  }
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.getByTestId('network-test-verdict')).toContainText('relay works');
});
