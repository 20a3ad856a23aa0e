// Logging the browser tests' Chromium in: through the login page as a person would, or by handing
// it the session cookie of a user the server test support logged in. Not part of the app.
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Gives the browser the session in `cookie` ("hbi_session=…", as signedInApp's headers have it)
 * for the server at `url`. Cookies belong to a host, not to a port: setting one for another test
 * server on 127.0.0.1 replaces this one, so tests that switch servers set it again each time.
 */
export async function addSessionCookie(context: BrowserContext, url: string, cookie: string): Promise<void> {
  const split = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, split), value: cookie.slice(split + 1), url, httpOnly: true, sameSite: 'Strict' }]);
}

/** Logs in through the (Chinese) login page and waits until the header names who is logged in. */
export async function logInThroughPage(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('group', { name: '当前用户' }).waitFor();
}
