// A call on a bad line, in the network lab (support/netlab.ts): both homes behind an ordinary NAT,
// a direct call via STUN, then one home's router loses packets or goes dark. The call must stay
// up, say how it is doing (the quality badge), keep the audio going and come back by itself.
import type { Page } from '@playwright/test';
import { canBuildLab, expect, expectCallUp, test } from './support/labFixtures';
import type { Lab } from './support/labWorld';
import { receivedAudioCodec, receivedAudioEnergy, remoteVideoRecovery } from './support/rtc';

test.skip(!canBuildLab, 'the network lab needs Linux network namespaces and root');
// Two browsers with live video in separate namespaces on two shared cores.
test.slow();

const ORDINARY = { nat: 'endpoint-independent' } as const;

test('15 % loss on one home: the call stays up, the badge turns Fair or Poor and back, audio goes on', async ({
  lab,
  labCall,
}) => {
  const [lossy, other] = lab.net.homes;
  lossy!.setRules(ORDINARY);
  other!.setRules(ORDINARY);
  // No TURN: the call is direct, so every loss is the home's line and not the relay's.
  const { alice, bob } = await labCall(lab.stunOnly);
  await expect(alice.getByTestId('call-quality')).toHaveAttribute('data-quality', 'good', {
    timeout: 15_000,
  });

  lossy!.setRules({ ...ORDINARY, lossPercent: 15 });
  for (const page of [alice, bob]) {
    await expect(page.getByTestId('call-quality')).toHaveAttribute('data-quality', /fair|poor/, {
      timeout: 15_000,
    });
  }
  // Two seconds of received audio each way, and it is not silence (concealment alone is).
  for (const page of [alice, bob]) expect(await receivedAudioEnergy(page, 2)).toBeGreaterThan(0);
  // Opus with in-band FEC both ways: a lost packet is rebuilt from the next one's redundancy.
  for (const page of [alice, bob]) {
    const codec = await receivedAudioCodec(page);
    expect(codec?.mimeType.toLowerCase()).toBe('audio/opus');
    expect(codec?.sdpFmtpLine).toMatch(/(^|;)useinbandfec=1(;|$)/);
  }
  await expectCallUp(alice, bob);
  for (const page of [alice, bob]) {
    await expect(page.getByTestId('call-state')).toHaveAttribute('data-state', 'connected');
  }

  lossy!.setRules(ORDINARY);
  await expect(alice.getByTestId('call-quality')).toHaveAttribute('data-quality', 'good', {
    timeout: 20_000,
  });
});

/** Home 1's line is down for `seconds` while `during` runs; then both sides' video must come back. */
async function outage(
  { lab, alice, bob }: { lab: Lab; alice: Page; bob: Page },
  seconds: number,
  during: () => Promise<void> = async () => {},
) {
  const dark = lab.net.homes[0]!;
  const downAt = Date.now();
  dark.setRules({ ...ORDINARY, down: true });
  await during();
  await new Promise((resolve) => setTimeout(resolve, downAt + seconds * 1000 - Date.now()));
  dark.setRules(ORDINARY);
  const since = Date.now();
  const [aliceSees, bobSees] = await Promise.all([
    remoteVideoRecovery(alice, since, 45_000),
    remoteVideoRecovery(bob, since, 45_000),
  ]);
  test.info().annotations.push({
    type: 'recovery',
    description: `after a ${seconds} s outage: alice sees bob again ${Math.round(aliceSees)} ms after the line is back, bob sees alice ${Math.round(bobSees)} ms after`,
  });
  await expectCallUp(alice, bob);
  for (const page of [alice, bob]) {
    await expect(page.getByTestId('call-state')).toHaveAttribute('data-state', 'connected');
    expect(await receivedAudioEnergy(page, 1)).toBeGreaterThan(0);
  }
  await expect(alice.getByTestId('call-alert')).toBeHidden();
}

test('a 10 s outage on one home: the call comes back by itself, with the time it took', async ({
  lab,
  labCall,
}) => {
  for (const home of lab.net.homes) home.setRules(ORDINARY);
  const { alice, bob } = await labCall(lab.stunOnly);
  await outage({ lab, alice, bob }, 10);
});

test('an outage longer than the server waits (25 s): it lets the dark side go, and the call starts again by itself', async ({
  lab,
  labCall,
}) => {
  for (const home of lab.net.homes) home.setRules(ORDINARY);
  const { alice, bob } = await labCall(lab.stunOnly);
  await outage({ lab, alice, bob }, 25, async () => {
    // The server's heartbeat gives up on Alice within 20 s: Bob hears `bye` and ends his side.
    await expect(bob.getByTestId('call-state')).toHaveAttribute('data-state', 'waiting', {
      timeout: 24_000,
    });
  });
});
