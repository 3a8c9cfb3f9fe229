// Usable by everyone: axe finds nothing serious on any screen, at laptop and phone widths and in
// every language; screen readers hear what changes (live regions); a whole call works by keyboard.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Page } from '@playwright/test';
import en from '../src/client/i18n/locales/en.json' with { type: 'json' };
import { chromiumDenyingMedia } from './support/chromium';
import {
  expect,
  expectCallUp,
  expectState,
  joinRoom,
  room,
  test,
  twoInRoom,
} from './support/fixtures';

const LAPTOP = { width: 1100, height: 800 };
const PHONE = { width: 390, height: 844 };
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe at both widths: no serious or critical violation of WCAG 2.2 AA. Ends at laptop width. */
async function expectAccessibleAtBothWidths(page: Page, screen: string): Promise<void> {
  for (const size of [LAPTOP, PHONE]) {
    await page.setViewportSize(size);
    // One frame for the layout of the new width before axe looks.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    // And the end of any fade under way (a tooltip that the new layout moved from under the
    // pointer): mid-fade its text is translucent, and axe would judge that contrast.
    await page.waitForFunction(() =>
      document
        .getAnimations()
        .every(
          (a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity,
        ),
    );
    // Legacy mode: axe runs inside the page (duet has no frames). The default opens a second page
    // for the last step, which hangs in these contexts and would take the focus away.
    const { violations } = await new AxeBuilder({ page })
      .withTags(WCAG_AA)
      .setLegacyMode()
      .analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect.soft(serious, `${screen} at ${size.width}px`).toEqual([]);
  }
  await page.setViewportSize(LAPTOP);
}

const LANGUAGES = [
  ['zh', 'zh-CN'],
  ['ru', 'ru'],
  ['es', 'es'],
  ['en', 'en'],
] as const;

/**
 * The screen passes axe at both widths in every language (the switcher in the header changes it
 * in place), and is left in English with the focus where it was. `shown`: a test id that must
 * still be visible in each language, so an open panel is checked open.
 */
async function expectAccessible(page: Page, screen: string, shown?: string): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { axeFocus: Element | null }).axeFocus = document.activeElement;
  });
  for (const [language, htmlLang] of LANGUAGES) {
    await page.getByTestId('language-select').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', htmlLang);
    if (shown) await expect(page.getByTestId(shown)).toBeVisible();
    await expectAccessibleAtBothWidths(page, `${screen} in ${language}`);
  }
  await page.evaluate(() => {
    const { axeFocus } = window as unknown as { axeFocus: Element | null };
    if (axeFocus instanceof HTMLElement) axeFocus.focus();
  });
}

const said = (page: Page, politeness: 'polite' | 'assertive') =>
  page.getByTestId(`live-${politeness}`);
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');

test('every screen passes axe at laptop and phone widths in every language, and the live regions say what happens', async ({
  openPage,
}) => {
  // Ten screens, each looked at in four languages at two widths, in one call (two minutes alone,
  // far more on a busy machine).
  test.setTimeout(420_000);
  const roomId = room();
  const alice = await openPage();
  await expectState(alice, 'disconnect');
  await expectAccessible(alice, 'first screen');

  await joinRoom(alice, roomId, 'waiting');
  await expect(said(alice, 'polite')).toContainText(fill(en.a11y.waiting, { room: roomId }));
  await expectAccessible(alice, 'waiting');

  const bob = await openPage();
  await joinRoom(bob, roomId, 'canCall');
  await expect(said(alice, 'polite')).toContainText(en.a11y.peerArrived);
  await expectAccessible(alice, 'canCall');

  const carol = await openPage();
  await expectState(carol, 'disconnect');
  await carol.getByTestId('room-input').fill(roomId);
  await carol.getByTestId('join-button').click();
  await expect(carol.getByTestId('room-full')).toBeVisible();
  await expect(said(carol, 'assertive')).toContainText(fill(en.room.fullNotice, { room: roomId }));
  await expectAccessible(carol, 'room-full notice', 'room-full');
  await carol.context().close();

  await alice.getByTestId('call-button').click();
  await expectCallUp(alice, bob);
  await expect(said(alice, 'polite')).toContainText(en.a11y.connected);
  await expect(alice.getByTestId('remote-video')).toHaveAccessibleName(en.video.remote);
  await expect(alice.getByTestId('local-video')).toHaveAccessibleName(en.video.local);
  await expectAccessible(alice, 'in call');

  await bob.getByTestId('chat-button').click();
  await bob.getByTestId('chat-input').fill('hello from Bob');
  await bob.getByTestId('chat-input').press('Enter');
  await expect(said(alice, 'polite')).toContainText(
    fill(en.a11y.chatMessage, { text: 'hello from Bob' }),
  );
  await alice.getByTestId('chat-button').click();
  await expect(alice.getByTestId('chat-input')).toBeFocused();
  await expectAccessible(alice, 'chat open', 'chat-input');
  await alice.keyboard.press('Escape');
  await expect(alice.getByTestId('chat-button')).toHaveAttribute('aria-pressed', 'false');

  await alice.getByTestId('stats-button').click();
  await expect(alice.getByTestId('stats-panel').locator('dl')).toBeVisible();
  await expectAccessible(alice, 'stats open', 'stats-panel');
  await alice.getByTestId('stats-button').click();

  await alice.getByTestId('devices-button').click();
  await expect(alice.getByTestId('device-picker')).toBeVisible();
  await expectAccessible(alice, 'devices open', 'device-picker');
  await alice.keyboard.press('Escape');
  await expect(alice.getByTestId('device-picker')).toBeHidden();

  await alice.getByTestId('network-test-button').click();
  await expect(alice.getByTestId('network-test-result')).toHaveAttribute('data-state', 'done');
  await expectAccessible(alice, 'network test result', 'network-test-result');

  await bob.getByTestId('hangup-button').click();
  await expect(said(alice, 'polite')).toContainText(en.a11y.callEnded);
  await bob.getByTestId('leave-button').click();
  await expect(said(alice, 'polite')).toContainText(en.a11y.peerLeft);

  const denying = await chromium.launch(chromiumDenyingMedia);
  try {
    const viewer = await openPage({ browser: denying });
    await expect(viewer.getByTestId('media-alert')).toBeVisible();
    await expect(said(viewer, 'assertive')).toContainText('refused');
    await expectAccessible(viewer, 'camera-refused notice', 'media-alert');
  } finally {
    await denying.close();
  }
});

/** Presses Tab (Shift+Tab when `back`) until the control is focused; each stop shows its focus. */
async function tabTo(page: Page, testId: string, back = false): Promise<void> {
  for (let presses = 0; presses < 30; presses += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      // A field with an icon inside draws its ring on the box around it.
      const style = getComputedStyle(el.closest('.ant-input-affix-wrapper') ?? el);
      const ring =
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== 'none';
      return { id: el.dataset.testid ?? el.tagName, visible: el.matches(':focus-visible') && ring };
    });
    expect(stop, 'Tab leaves focus on the page').not.toBeNull();
    expect(stop!.visible, `focus on ${stop!.id} is visible`).toBe(true);
    if (stop!.id === testId) return;
  }
  throw new Error(`${testId} is not reached by ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** Tab `times` times forward, then as many back: the focus never leaves `container`. */
async function expectTabStaysIn(page: Page, container: string, times: number): Promise<void> {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < times; i += 1) {
      await page.keyboard.press(key);
      const inside = await page.evaluate(
        (selector) => document.querySelector(selector)?.contains(document.activeElement) ?? false,
        container,
      );
      expect(inside, `${key} ${i + 1}: focus stays in ${container}`).toBe(true);
    }
  }
}

test('a whole call by keyboard alone: join, call, mic, camera, chat, devices, hang up, leave', async ({
  openPage,
}) => {
  const roomId = room();
  const bob = await openPage();
  const alice = await openPage();
  await expectState(alice, 'disconnect');
  // The room field has the focus on arrival; the language switcher comes before it.
  await expect(alice.getByTestId('room-input')).toBeFocused();
  await tabTo(alice, 'language-select', true);
  await tabTo(alice, 'room-input');
  await alice.keyboard.type(roomId);
  await alice.keyboard.press('Enter');
  await expectState(alice, 'waiting');
  await expect(alice.getByTestId('leave-button')).toBeFocused();

  await joinRoom(bob, roomId, 'canCall');
  await expectState(alice, 'canCall');
  await tabTo(alice, 'call-button');
  await alice.keyboard.press('Enter');
  await expectCallUp(alice, bob);
  await expect(alice.getByTestId('hangup-button')).toBeFocused();

  for (const toggle of ['camera-toggle', 'mic-toggle']) {
    await tabTo(alice, toggle, true);
    const button = alice.getByTestId(toggle);
    await alice.keyboard.press('Space');
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    await alice.keyboard.press('Enter');
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }

  await tabTo(alice, 'chat-button');
  await alice.keyboard.press('Enter');
  await expect(alice.getByTestId('chat-input')).toBeFocused();
  await alice.keyboard.type('typed, never clicked');
  await alice.keyboard.press('Enter');
  await expect(bob.getByTestId('live-polite')).toContainText(
    fill(en.a11y.chatMessage, { text: 'typed, never clicked' }),
  );
  await expectTabStaysIn(alice, '.chat-drawer-root', 3);
  await alice.keyboard.press('Escape');
  await expect(alice.getByTestId('chat-button')).toHaveAttribute('aria-pressed', 'false');
  await expect(alice.getByTestId('chat-button')).toBeFocused();

  await tabTo(alice, 'devices-button');
  await alice.keyboard.press('Enter');
  await expect(alice.getByTestId('camera-select')).toBeFocused();
  await expectTabStaysIn(alice, '[data-testid="device-picker"]', 3);
  await alice.keyboard.press('Escape');
  await expect(alice.getByTestId('device-picker')).toBeHidden();
  await expect(alice.getByTestId('devices-button')).toBeFocused();

  await tabTo(alice, 'hangup-button', true);
  await alice.keyboard.press('Enter');
  await expectState(alice, 'canCall');
  await expect(alice.getByTestId('call-button')).toBeFocused();
  await tabTo(alice, 'leave-button', true);
  await alice.keyboard.press('Enter');
  await expectState(alice, 'disconnect');
  await expect(alice.getByTestId('join-button')).toBeFocused();
});

test('at phone width every control is at least 24×24 px; reduced motion stops the animations', async ({
  openPage,
}) => {
  const { alice } = await twoInRoom(openPage);
  await alice.setViewportSize(PHONE);
  await alice.getByTestId('network-test-button').click();
  await expect(alice.getByTestId('network-test-result')).toHaveAttribute('data-state', 'done');
  // A control inside a <label>, or a field inside a box with an icon, is hit anywhere on it.
  const small = await alice.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, [role="switch"]')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => {
        const target = el.closest('label, .ant-input-affix-wrapper') ?? el;
        const box = target.getBoundingClientRect();
        return { id: el.dataset.testid ?? el.outerHTML.slice(0, 80), w: box.width, h: box.height };
      })
      .filter(({ w, h }) => w < 24 || h < 24),
  );
  expect(small).toEqual([]);

  const transition = () =>
    alice
      .getByTestId('call-button')
      .evaluate((el) => parseFloat(getComputedStyle(el).transitionDuration) * 1000);
  expect(await transition()).toBeGreaterThan(1);
  await alice.emulateMedia({ reducedMotion: 'reduce' });
  expect(await transition()).toBeLessThanOrEqual(0.01);
});
