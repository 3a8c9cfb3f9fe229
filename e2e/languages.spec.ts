// duet in the user's language: a browser set to Chinese, Russian or Spanish gets the whole app in
// it (first screen, notices, the call), loads only that language, and the switcher overrides it.
import type { Page } from '@playwright/test';
import en from '../src/client/i18n/locales/en.json' with { type: 'json' };
import es from '../src/client/i18n/locales/es.json' with { type: 'json' };
import ru from '../src/client/i18n/locales/ru.json' with { type: 'json' };
import zh from '../src/client/i18n/locales/zh.json' with { type: 'json' };
import { expect, expectCallUp, expectState, joinRoom, room, test } from './support/fixtures';

const CASES = [
  { browser: 'zh-CN', language: 'zh', htmlLang: 'zh-CN', text: zh },
  { browser: 'ru', language: 'ru', htmlLang: 'ru', text: ru },
  { browser: 'es', language: 'es', htmlLang: 'es', text: es },
] as const;

/** Our catalogs (one chunk per language) the page has fetched. */
function catalogsLoaded(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => /\/assets\/(en|zh|ru|es)-[\w-]+\.js$/.exec(entry.name)?.[1])
      .filter((name) => name !== undefined),
  );
}

for (const { browser, language, htmlLang, text } of CASES) {
  test(`a browser set to ${browser}: first screen, the room-full notice and the call in that language`, async ({
    openPage,
  }) => {
    const roomId = room();
    const alice = await openPage({ locale: browser });
    await expect(alice.locator('html')).toHaveAttribute('lang', htmlLang);
    await expect(alice).toHaveTitle(text.app.title);
    await expect(alice.getByTestId('join-button')).toHaveText(text.room.join);
    await expect(alice.getByTestId('room-input')).toHaveAttribute(
      'placeholder',
      text.room.placeholder,
    );
    await expect(alice.getByTestId('call-state')).toHaveText(text.callState.disconnect);
    expect(await catalogsLoaded(alice), 'only the active language is fetched').toEqual([language]);

    const bob = await openPage({ locale: browser });
    const carol = await openPage({ locale: browser });
    await joinRoom(alice, roomId, 'waiting');
    await expect(alice.getByTestId('call-state')).toHaveText(text.callState.waiting);
    await joinRoom(bob, roomId, 'canCall');
    await expectState(carol, 'disconnect');
    await carol.getByTestId('room-input').fill(roomId);
    await carol.getByTestId('join-button').click();
    await expect(carol.getByTestId('room-full')).toContainText(
      text.room.fullTitle.replace('{{room}}', roomId),
    );
    await expect(carol.locator('.ant-message')).toContainText(
      text.room.fullNotice.replace('{{room}}', roomId),
    );

    await alice.getByTestId('call-button').click();
    await expectCallUp(alice, bob);
    await expect(alice.getByTestId('call-state')).toHaveText(text.callState.connected);
    await expect(bob.getByTestId('hangup-button')).toHaveText(text.controls.hangUp);
    await expect(bob.getByTestId('mic-toggle')).toHaveAccessibleName(text.controls.mic);
  });
}

test('the switcher overrides the browser language, at once and after a reload', async ({
  openPage,
}) => {
  const page = await openPage({ locale: 'ru' });
  await expect(page.getByTestId('join-button')).toHaveText(ru.room.join);
  await page.getByTestId('language-select').selectOption('es');
  await expect(page.getByTestId('join-button')).toHaveText(es.room.join);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page).toHaveTitle(es.app.title);
  await page.getByTestId('language-select').selectOption('en');
  await expect(page.getByTestId('call-state')).toHaveText(en.callState.disconnect);
  await page.reload();
  await expect(page.getByTestId('join-button')).toHaveText(en.room.join);
  await expect(page.getByTestId('language-select')).toHaveValue('en');
});
