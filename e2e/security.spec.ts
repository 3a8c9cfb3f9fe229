// The built app under its Content-Security-Policy: it loads with no violation, antd's styles
// apply (from the built stylesheet), and a call still connects with real frames.
import type { Browser, Page } from '@playwright/test';
import { expect, expectCallUp, joinRoom, test } from './support/fixtures';

interface Watched {
  page: Page;
  violations: string[];
  errors: string[];
}

/** A page that records CSP violations (from the page itself) and console/page errors. */
async function watchedPage(browser: Browser, url: string): Promise<Watched> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const watched: Watched = { page, violations: [], errors: [] };
  await page.exposeFunction('__cspViolation', (text: string) => watched.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __cspViolation(text: string): void }).__cspViolation;
      report(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  const response = await page.goto(url);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  return watched;
}

test('the app runs under its CSP with no violation, and a call connects', async ({
  browser,
  server,
}) => {
  const roomId = `csp-${Math.random().toString(36).slice(2, 10)}`;
  const alice = await watchedPage(browser, `${server.url}/`);
  const bob = await watchedPage(browser, `${server.url}/`);
  try {
    // antd's styles apply: its button does not look like the browser's own.
    const join = alice.page.getByTestId('join-button');
    await expect(join).toBeVisible();
    const looks = await join.evaluate((el) => {
      const plain = document.body.appendChild(document.createElement('button'));
      const style = (node: Element) => getComputedStyle(node);
      const result = {
        antd: [style(el).backgroundColor, style(el).borderRadius],
        plain: [style(plain).backgroundColor, style(plain).borderRadius],
      };
      plain.remove();
      return result;
    });
    expect(looks.antd).not.toEqual(looks.plain);
    // ...and they come from the stylesheet the build rendered (zeroRuntime): the page generates
    // no component rules of its own, only the theme's CSS variables.
    const buttonRules = await alice.page.evaluate(() => {
      const found = { linked: 0, generated: [] as string[] };
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          if (!(rule instanceof CSSStyleRule) || !rule.selectorText.includes('.ant-btn')) continue;
          if (sheet.href) found.linked++;
          else if ([...rule.style].some((property) => !property.startsWith('--'))) {
            found.generated.push(rule.selectorText);
          }
        }
      }
      return found;
    });
    expect(buttonRules.generated).toEqual([]);
    expect(buttonRules.linked).toBeGreaterThan(0);

    await joinRoom(alice.page, roomId, 'waiting');
    await joinRoom(bob.page, roomId, 'canCall');
    await alice.page.getByTestId('call-button').click();
    await expectCallUp(alice.page, bob.page);

    for (const { violations, errors } of [alice, bob]) {
      expect(violations).toEqual([]);
      expect(errors.filter((text) => /Content.Security.Policy|CSP/i.test(text))).toEqual([]);
    }
  } finally {
    await alice.page.context().close();
    await bob.page.context().close();
  }
});
