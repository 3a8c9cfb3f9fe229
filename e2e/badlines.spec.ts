// A call on a bad line, in the network lab (support/netlab.ts): both homes behind an ordinary NAT,
// a direct call via STUN, then one home's router loses packets or goes dark. The call must stay
// up, say how it is doing (the quality badge), keep the audio going and come back by itself.
import type { Page } from '@playwright/test';
import { widthForKbps } from '../src/client/rtc/pictureForBitrate';
import { LOSSY_LINE_WIDTH } from '../src/client/rtc/pictureOnLoss';
import { canBuildLab, expect, expectCallUp, test, type LabFixtures } from './support/labFixtures';
import { quietAudioPacketRate } from './support/fixtures';
import type { Lab } from './support/labWorld';
import {
  receivedAudioCodec,
  receivedAudioConcealment,
  receivedAudioEnergy,
  remoteVideoRecovery,
  sentAudioFormat,
  sentVideo,
  sentVideoKbit,
  type SentVideo,
} from './support/rtc';

test.skip(!canBuildLab, 'the network lab needs Linux network namespaces and root');
// Two browsers with live video in separate namespaces on two shared cores.
test.slow();

const ORDINARY = { nat: 'endpoint-independent' } as const;
/** The slow line's rate, each way (IP packets: more than the video payload it leaves room for). */
const LIMIT_KBIT = 500;

/** Both homes on an ordinary line, a direct call via STUN (every loss is the home's line, not a relay's), rated Good. */
async function directCall({ lab, labCall }: { lab: Lab; labCall: LabFixtures['labCall'] }) {
  for (const home of lab.net.homes) home.setRules(ORDINARY);
  const call = await labCall(lab.stunOnly);
  await expectQuality([call.alice], 'good', 15_000);
  return call;
}

async function expectQuality(pages: Page[], quality: string | RegExp, timeout: number) {
  for (const page of pages) {
    await expect(page.getByTestId('call-quality')).toHaveAttribute('data-quality', quality, {
      timeout,
    });
  }
}

/** Each page sends its audio with redundancy (RED) within `timeout`. */
async function expectRedundantAudio(pages: Page[], timeout: number) {
  for (const page of pages) {
    await expect.poll(() => sentAudioFormat(page), { timeout }).toBe('audio/red');
  }
}

/** The share of its audio `page` conceals over the next 4 s (recorded in the report) is under `bound`. */
async function expectConcealedUnder(page: Page, bound: number, label: string) {
  const concealed = await receivedAudioConcealment(page, 4);
  test.info().annotations.push({
    type: `audio concealed ${label}`,
    description: concealed.toFixed(3),
  });
  expect(concealed).toBeLessThan(bound);
}

/** Both sides still connected, with moving video and audio that is not silence. */
async function expectCallGoesOn(alice: Page, bob: Page, audioSeconds: number) {
  await expectCallUp(alice, bob);
  for (const page of [alice, bob]) {
    await expect(page.getByTestId('call-state')).toHaveAttribute('data-state', 'connected');
    // Received audio, and it is not silence (concealment alone is).
    expect(await receivedAudioEnergy(page, audioSeconds)).toBeGreaterThan(0);
  }
}

/** The width `sent` asks of its encoder is no wider than its own estimate of the line carries. */
function fitsItsEstimate(sent: SentVideo | null): boolean {
  if (!sent?.capture || sent.availableOutgoingKbps === null) return false;
  return sent.capture.width / sent.scale <= widthForKbps(sent.availableOutgoingKbps);
}

/** Width of the video `page` sends, on the wire (outbound-rtp). */
const sentWidth = async (page: Page) => (await sentVideo(page))?.frameWidth ?? 0;
/** The scale-down `page` asks of its video encoder (duet's choice; the wire width also follows libwebrtc's). */
const sentScale = async (page: Page) => (await sentVideo(page))?.scale ?? 0;

test('15 % loss on one home: the call stays up, the badge turns Fair or Poor and back, audio goes on, the picture gets smaller and back', async ({
  lab,
  labCall,
}) => {
  const { alice, bob } = await directCall({ lab, labCall });
  // On the clean line each side sends a picture wider than a lossy line's.
  for (const page of [alice, bob]) {
    await expect.poll(() => sentWidth(page), { timeout: 20_000 }).toBeGreaterThan(LOSSY_LINE_WIDTH);
  }
  const fullScale = await sentScale(alice);
  const lossy = lab.net.homes[0]!;
  lossy.setRules({ ...ORDINARY, lossPercent: 15 });
  await expectQuality([alice, bob], /fair|poor/, 15_000);
  // A line that keeps losing this much gets a smaller picture from both sides: fewer packets a
  // frame, fewer frames to repair, fewer freezes.
  for (const page of [alice, bob]) {
    await expect
      .poll(() => sentWidth(page), { timeout: 15_000 })
      .toBeLessThanOrEqual(LOSSY_LINE_WIDTH);
  }
  // On the lossy line the audio switches to redundancy (RED) both ways: a lost packet is rebuilt
  // whole from the next one, so far less audio is made up than is lost (a few % of it at this
  // loss, against 13–15 % with Opus's in-band FEC alone). Opus under it still has its FEC.
  await expectRedundantAudio([alice, bob], 15_000);
  for (const page of [alice, bob]) {
    const codec = await receivedAudioCodec(page);
    expect(codec?.mimeType.toLowerCase()).toBe('audio/opus');
    expect(codec?.sdpFmtpLine).toMatch(/(^|;)useinbandfec=1(;|$)/);
    await expectConcealedUnder(page, 0.075, 'at 15 % loss');
  }
  await expectCallGoesOn(alice, bob, 2);

  lossy.setRules(ORDINARY);
  await expectQuality([alice], 'good', 20_000);
  // Ten clean seconds later the full picture is asked for again.
  await expect.poll(() => sentScale(alice), { timeout: 20_000 }).toBe(fullScale);
});

test('loss on the way into one home only, the polite side: it switches the audio to redundancy, both ways, and muted stays quiet', async ({
  lab,
  labCall,
}) => {
  const { alice, bob } = await directCall({ lab, labCall });
  // The polite side answered the first offer; it waits longer before switching, so that the
  // impolite side alone renegotiates when both hear the loss. Here only the polite side hears it.
  const answered = (page: Page) =>
    page.evaluate(() => {
      const all = (window as unknown as { __peerConnections: RTCPeerConnection[] })
        .__peerConnections;
      const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
      return pc?.currentLocalDescription?.type === 'answer';
    });
  const polite = (await answered(alice)) ? alice : bob;
  const impolite = polite === alice ? bob : alice;
  expect(await answered(impolite)).toBe(false);
  const home = lab.net.homes[polite === alice ? 0 : 1]!;
  home.setRules({ ...ORDINARY, lossInPercent: 10 });
  await expectRedundantAudio([polite, impolite], 25_000);
  await expectConcealedUnder(polite, 0.05, 'at 10 % loss into the polite side');
  // Redundancy keeps DTX: a muted mic sends a comfort-noise update now and then, not 50 a second.
  await impolite.getByTestId('mic-toggle').click();
  const mutedRate = await quietAudioPacketRate(impolite);
  test.info().annotations.push({
    type: 'dtx',
    description: `audio packets sent per second muted, with RED: ${mutedRate}`,
  });
  // A muted side sends comfort noise, which may carry no energy at all: unmute before listening.
  await impolite.getByTestId('mic-toggle').click();
  await expectCallGoesOn(alice, bob, 1);
  home.setRules(ORDINARY);
});

test('a 500 kbit/s line, then 5 % loss on one home: the call fits its video and its picture to the line, stays up and says so', async ({
  lab,
  labCall,
}) => {
  const { alice, bob } = await directCall({ lab, labCall });
  const home = lab.net.homes[0]!;
  for (const page of [alice, bob]) {
    await expect.poll(() => sentWidth(page), { timeout: 20_000 }).toBeGreaterThan(LOSSY_LINE_WIDTH);
  }
  // On the clean line the video alone climbs past what the limit below lets through, so it bites.
  let before = 0;
  await expect
    .poll(async () => (before = await sentVideoKbit(alice, 2)), { timeout: 30_000, intervals: [0] })
    .toBeGreaterThan(LIMIT_KBIT);

  // The line now carries 500 kbit/s each way (the excess is dropped): both senders come down to it
  // instead of losing most of what they send, and the picture keeps moving on both sides.
  home.setRules({ ...ORDINARY, rateKbit: LIMIT_KBIT });
  const limitedAt = Date.now();
  const bothSend = async () => Promise.all([alice, bob].map((p) => sentVideoKbit(p, 2)));
  let after = [0, 0];
  await expect
    .poll(async () => Math.max(...(after = await bothSend())), { timeout: 30_000, intervals: [0] })
    .toBeLessThan(LIMIT_KBIT);
  test.info().annotations.push({
    type: 'bitrate',
    description: `video sent ${Math.round(before)} kbit/s on the clean line; under ${LIMIT_KBIT} kbit/s both sides sent ${after.map(Math.round).join(' and ')} kbit/s within ${Date.now() - limitedAt} ms`,
  });
  await expectCallGoesOn(alice, bob, 1);
  // The packets the limit dropped were a congested line's, not a lossy one's: the audio stays
  // plain Opus, and leaves the video what redundancy would take.
  for (const page of [alice, bob]) expect(await sentAudioFormat(page)).toBe('audio/opus');

  // Each sender's estimate of the line comes down with it, and so does its picture: one that
  // the bitrate fits (at most 640 px wide under 600 kbit/s, 960 under 1,200), in fewer packets a
  // frame. A policer drops instead of queueing, so an estimate may stay above the 500 kbit/s.
  for (const page of [alice, bob]) {
    let seen: SentVideo | null = null;
    await expect
      .poll(async () => fitsItsEstimate((seen = await sentVideo(page))), { timeout: 20_000 })
      .toBe(true);
    test.info().annotations.push({
      type: 'picture',
      description: `on the thin line: sent ${Math.round(seen!.capture!.width / seen!.scale)} px wide at an estimate of ${seen!.availableOutgoingKbps} kbit/s`,
    });
  }

  // 5 % is past what a call shrugs off (2 %): the badge says so on both sides, the call goes on.
  home.setRules({ ...ORDINARY, lossPercent: 5 });
  await expectQuality([alice, bob], /fair|poor/, 15_000);
  await expectCallGoesOn(alice, bob, 2);

  home.setRules(ORDINARY);
  await expectQuality([alice], 'good', 20_000);
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
  await expectCallGoesOn(alice, bob, 1);
  await expect(alice.getByTestId('call-alert')).toBeHidden();
}

test('a 10 s outage on one home: the call comes back by itself, with the time it took', async ({
  lab,
  labCall,
}) => {
  const { alice, bob } = await directCall({ lab, labCall });
  await outage({ lab, alice, bob }, 10);
});

test('an outage longer than the server waits (25 s): it lets the dark side go, and the call starts again by itself', async ({
  lab,
  labCall,
}) => {
  const { alice, bob } = await directCall({ lab, labCall });
  await outage({ lab, alice, bob }, 25, async () => {
    // The server's heartbeat gives up on Alice within 20 s: Bob hears `bye` and ends his side.
    await expect(bob.getByTestId('call-state')).toHaveAttribute('data-state', 'waiting', {
      timeout: 24_000,
    });
  });
});
