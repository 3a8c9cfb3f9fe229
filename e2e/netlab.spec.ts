// Calls across NATs and firewalls as they are, in the network lab (support/netlab.ts): two homes,
// each a router with NAT in front of a browser, and duet, coturn and STUN on a public side. Each
// case is a call through duet's UI with real frames both ways; the path is read from getStats
// (the selected pair's candidate types), and the network test must give the matching verdict.
import type { Page } from '@playwright/test';
import { selectedPath } from './support/rtc';
import { canBuildLab, expect, test } from './support/labFixtures';

test.skip(!canBuildLab, 'the network lab needs Linux network namespaces and root');
test.describe.configure({ mode: 'serial' });

/** The path both pages' connections have settled on, once neither is `pending` any more. */
async function expectPath(page: Page, want: (path: { local: string; remote: string }) => boolean) {
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

test('both homes behind endpoint-independent NAT: a direct call via STUN (srflx), no relay', async ({
  lab,
  labCall,
}) => {
  for (const home of lab.net.homes) home.setRules({ nat: 'endpoint-independent' });
  const { alice, bob } = await labCall(lab.withTurn);
  for (const page of [alice, bob]) {
    const path = await expectPath(page, viaStun);
    expect(path.protocol).toBe('udp');
    await expect(page.getByTestId('connection-type')).toHaveText('direct');
  }
  const result = await networkTest(alice);
  expect(result.nat).toBe('endpoint-independent');
  expect(result.natText).toContain('direct calls can connect');
  expect(result.verdict).toContain('relay works');
});
