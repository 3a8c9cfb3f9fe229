// Calls across NATs and firewalls as they are, in the network lab (support/netlab.ts): two homes,
// each a router with NAT in front of a browser, and duet, coturn and STUN on a public side. Each
// case is a call through duet's UI with real frames both ways; the path is read from getStats
// (the selected pair's candidate types), and the network test must give the matching verdict.
import type { Page } from '@playwright/test';
import { remoteVideoRecovery, selectedPath, type SelectedPath } from './support/rtc';
import {
  canBuildLab,
  expect,
  expectCallUp,
  expectState,
  joinRoom,
  room,
  test,
} from './support/labFixtures';

test.skip(!canBuildLab, 'the network lab needs Linux network namespaces and root');
// Two browsers with live video in separate namespaces on two shared cores.
test.slow();

/** The path both pages' connections have settled on, once neither is `pending` any more. */
async function expectPath(page: Page, want: (path: SelectedPath) => boolean) {
  await expect
    .poll(
      async () => {
        const path = await selectedPath(page);
        return path !== null && want(path);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return (await selectedPath(page))!;
}

const usesRelay = (p: { local: string; remote: string }) =>
  p.local === 'relay' || p.remote === 'relay';
const viaStun = (p: { local: string; remote: string }) =>
  !usesRelay(p) && [p.local, p.remote].every((type) => type === 'srflx' || type === 'prflx');

/** Runs the network test on `page` and returns its verdict and NAT finding. */
async function networkTest(page: Page) {
  await page.getByTestId('network-test-button').click();
  await expect(page.getByTestId('network-test-result')).toHaveAttribute('data-state', 'done', {
    timeout: 20_000,
  });
  const nat = page.getByTestId('network-test-nat');
  return {
    verdict: (await page.getByTestId('network-test-verdict').textContent()) ?? '',
    nat: await nat.getAttribute('data-nat'),
    natText: (await nat.textContent()) ?? '',
  };
}

const NAT_CASES = [
  {
    title: 'both homes behind endpoint-independent NAT: a direct call via STUN (srflx), no relay',
    nat: 'endpoint-independent',
    path: (p: SelectedPath) => viaStun(p) && p.protocol === 'udp',
    shown: 'direct',
    natText: 'direct calls can connect',
  },
  {
    title: 'both homes behind symmetric NAT: the call goes through TURN',
    nat: 'symmetric',
    path: usesRelay,
    shown: 'relay',
    natText: 'go through the TURN relay',
  },
] as const;

for (const c of NAT_CASES) {
  test(c.title, async ({ lab, labCall }) => {
    for (const home of lab.net.homes) home.setRules({ nat: c.nat });
    const { alice, bob } = await labCall(lab.withTurn);
    for (const page of [alice, bob]) {
      await expectPath(page, c.path);
      await expect(page.getByTestId('connection-type')).toHaveText(c.shown);
    }
    const result = await networkTest(bob);
    expect(result.nat).toBe(c.nat);
    expect(result.natText).toContain(c.natText);
    expect(result.verdict).toContain('relay works');
  });
}

test('a NAT that forgets its mappings mid-call (a new public address): the call recovers by itself', async ({
  lab,
  labCall,
}) => {
  const [home] = lab.net.homes;
  for (const h of lab.net.homes) h.setRules({ nat: 'endpoint-independent' });
  const { alice, bob } = await labCall(lab.withTurn);
  await expectPath(alice, viaStun);
  const since = Date.now();
  home!.newPublicAddress();
  const [aliceSees, bobSees] = await Promise.all(
    [alice, bob].map((page) => remoteVideoRecovery(page, since)),
  );
  test.info().annotations.push({
    type: 'recovery',
    description: `after a new public address: alice sees bob again after ${aliceSees} ms, bob sees alice after ${bobSees} ms`,
  });
  await expect(alice.getByTestId('call-alert')).toBeHidden();
  await expectCallUp(alice, bob);
  expect(usesRelay((await selectedPath(alice))!)).toBe(false);
});

test('a home that lets no UDP out: the call goes through TURN over TCP or TLS', async ({
  lab,
  labCall,
}) => {
  const [strict, open] = lab.net.homes;
  strict!.setRules({ nat: 'endpoint-independent', blockUdp: true });
  open!.setRules({ nat: 'endpoint-independent' });
  const { alice, bob } = await labCall(lab.withTurn);
  const path = await expectPath(alice, (p) => p.local === 'relay');
  expect(['tcp', 'tls']).toContain(path.relayProtocol);
  await expect(alice.getByTestId('connection-type')).toHaveText('relay');
  await expect(bob.getByTestId('connection-type')).toHaveText('relay');

  const result = await networkTest(alice);
  expect(result.nat).toBe('no-udp');
  expect(result.verdict).toMatch(/relay works via .*transport=tcp/);
  const { ip, port, tls } = lab.coturn.settings;
  const table = alice.getByTestId('network-test-result');
  await expect(table.locator('tr', { hasText: `turn:${ip}:${port}?transport=udp` })).toContainText(
    'timeout',
  );
  await expect(table.locator('tr', { hasText: `turns:${ip}:${tls!.port}` })).toContainText('relay');
});

test('symmetric NAT and no TURN relay: within 15 s a notice says a relay is needed and how to get one', async ({
  lab,
  openHomePage,
}) => {
  for (const home of lab.net.homes) home.setRules({ nat: 'symmetric' });
  const [alice, bob] = await Promise.all([
    openHomePage(0, lab.stunOnly),
    openHomePage(1, lab.stunOnly),
  ]);
  const roomId = room();
  await joinRoom(alice, roomId, 'waiting');
  await joinRoom(bob, roomId, 'canCall');
  const clicked = Date.now();
  await alice.getByTestId('call-button').click();
  for (const page of [alice, bob]) {
    const alert = page.getByTestId('call-alert');
    await expect(alert).toContainText('needs a TURN relay', {
      timeout: 15_000 - (Date.now() - clicked),
    });
    await expect(alert).toContainText('TURN_URLS and TURN_SECRET');
    await expectState(page, 'connecting');
  }
  const result = await networkTest(alice);
  expect(result.nat).toBe('symmetric');
  expect(result.natText).toContain('this server offers none');
  expect(result.verdict).toContain('relay fails');
});
