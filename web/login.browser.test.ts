// Logging in and out, end to end: the demo hospital's accounts (access.yaml) on the real server,
// the login page and the header in Debian's Chromium. What the page says about the user is checked
// against the server's own session; what a role may not do, against the server's refusals.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalServer } from '../server/testing/hospital-server.ts';
import type { DatasetListing, SessionInfo } from './api/types.ts';
import { artifactsDir, hasChromium, openBrowserPage } from './testing/chromium.ts';
import { readDatasetTable } from './testing/loadReportPages.ts';
import { serveHospitalWeb, type HospitalWeb } from './testing/hospitalWeb.ts';
import { GrowingDelay, LoginThrottle } from '../server/auth/login-throttle.ts';
import { logInThroughPage } from './testing/session.ts';

describe.skipIf(!hasChromium)('logging in and out in Chromium', () => {
  let served: HospitalWeb | undefined;
  let server: HospitalServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  /** A load report of the demo hospital: readable by stewards, not by analysts. */
  let loadId: number;
  const pageErrors: string[] = [];

  const loginHeading = () => page.getByRole('heading', { name: '登录', exact: true });
  const currentUser = () => page.getByRole('group', { name: '当前用户' });
  /** Asks the server directly, with the browser's cookies, who it thinks is logged in. */
  const serverSession = async () => (await page.request.get(`${baseUrl}/api/session`)).json() as Promise<SessionInfo | { user: null }>;
  /** The failed requests a test provokes are the only errors the browser may report for it. */
  const expectOnlyFailedRequests = (statuses: RegExp) => {
    const unexpected = pageErrors.filter((message) => !statuses.test(message));
    pageErrors.length = 0;
    expect(unexpected).toEqual([]);
  };

  beforeAll(async () => {
    // The fifth failure of an account makes it wait 15 minutes here (by default the wait grows from 1 s,
    // server/auth/login-throttle.ts): the page's words for a long wait are what is tested.
    served = await serveHospitalWeb('login', { throttles: { account: new GrowingDelay({ free: 4, firstDelayMs: 15 * 60_000 }), address: new LoginThrottle(100) } });
    ({ server, baseUrl } = served);
    const admin = await server.login('admin');
    const listing = (await admin.call('GET', '/api/datasets')).json<DatasetListing>();
    loadId = listing.datasets.find((dataset) => dataset.name === 'outpatient_visits')!.lastLoad!.loadId;

    ({ browser, page } = await openBrowserPage(pageErrors));
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('shows the login page, in either language, to a visitor without a session', async () => {
    await page.goto(baseUrl);
    await loginHeading().waitFor();
    expect(await serverSession()).toEqual({ user: null });
    // Labelled fields: found by their labels, as a screen reader announces them.
    expect(await page.getByLabel('用户名').getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel('密码').getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    expect(await currentUser().count()).toBe(0);
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0);
    await page.getByRole('contentinfo').getByText(/^HBI 服务端版本 /).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'login-zh.png') });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor();
    await page.getByLabel('User name').waitFor();
    await page.getByLabel('Password').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await loginHeading().waitFor();
  });

  it('says when the password is wrong, and when the server cannot be reached', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('用户名').fill('xinnei');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('用户名或密码不正确，请重新输入。');
    // Ready to type the password again.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    expect(await page.getByLabel('密码').getAttribute('aria-invalid')).toBe('true');
    await loginHeading().waitFor();
    await page.screenshot({ path: join(artifactsDir, 'login-wrong-password-zh.png') });

    await page.route('**/api/session', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback()));
    try {
      await page.getByLabel('密码').fill(server!.passwords.xinnei!);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await alert.getByText(/^无法连接 HBI 服务器，请检查网络后重试/).waitFor();
      expect(await page.getByLabel('密码').getAttribute('aria-invalid')).toBeNull(); // nothing wrong with it
    } finally {
      await page.unrouteAll();
    }
    expectOnlyFailedRequests(/401 \(Unauthorized\)|ERR_INTERNET_DISCONNECTED/);
  });

  it('logs in from the keyboard only, and shows who is logged in: name, role and department', async () => {
    await page.goto(baseUrl);
    await loginHeading().waitFor();
    // The cursor starts in the username field; Tab to the password, Enter to log in.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('username');
    await page.keyboard.type('xinnei');
    await page.keyboard.press('Tab');
    await page.keyboard.type(server!.passwords.xinnei!);
    await page.keyboard.press('Enter');

    const user = currentUser();
    await user.waitFor();
    const session = (await serverSession()) as SessionInfo;
    expect(session.user).toMatchObject({ username: 'xinnei', displayName: '心血管内科数据分析员', role: 'analyst', department: '0101' });
    expect(session.departmentName).toBe('心血管内科');
    expect(await user.locator('.user-name').innerText()).toBe('心血管内科数据分析员');
    expect(await user.locator('.user-role').innerText()).toBe('科室分析员');
    expect(await user.locator('.user-department').innerText()).toBe('心血管内科');
    expect(await loginHeading().count()).toBe(0);
    // After logging in, the keyboard starts on the page, not on the form that is gone.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');

    // The app opens on the hospital's cockpit.
    await page.getByRole('heading', { name: '医院运营驾驶舱', level: 2 }).first().waitFor();
    await page.screenshot({ path: join(artifactsDir, 'home-analyst-zh.png'), fullPage: true });
  });

  it('shows an analyst the datasets without links to load reports, and says why a report is out of reach', async () => {
    await page.goto(`${baseUrl}/data`);
    const shown = await readDatasetTable(page, '数据集');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((row) => row.reportHref === null)).toBe(true);
    const headers = await page.getByRole('table', { name: '数据集', exact: true }).locator('thead th').allInnerTexts();
    expect(headers).not.toContain('加载报告');
    expect(await page.getByRole('link', { name: /^加载报告/ }).count()).toBe(0);

    // The address typed or bookmarked anyway: the server refuses, the page says who may not do what.
    await page.goto(`${baseUrl}/loads/${loadId}`);
    const notice = page.getByRole('alert');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('当前角色“科室分析员”无权查看加载报告和被拒行。如需此权限，请联系系统管理员。');
    expect(text).toContain('the analyst role may not upload extracts or read load reports');
    expect(await notice.getByRole('button').count()).toBe(0); // trying again will not help
    await page.screenshot({ path: join(artifactsDir, 'load-report-forbidden-zh.png') });
    expectOnlyFailedRequests(/403 \(Forbidden\)/);
  });

  it('keeps the session over a reload', async () => {
    await page.goto(baseUrl);
    await currentUser().waitFor();
    await page.reload();
    await currentUser().getByText('心血管内科数据分析员').waitFor();
    expect(await loginHeading().count()).toBe(0);
  });

  it('logs out: back to the login page, and the old session gets 401 from the API', async () => {
    await page.goto(`${baseUrl}/loads/${loadId}`);
    await page.getByRole('alert').waitFor();
    const [cookie] = await page.context().cookies(baseUrl);
    expect(cookie?.name).toBe('hbi_session');

    await page.getByRole('button', { name: '退出登录' }).click();
    await loginHeading().waitFor();
    // The next person starts at the home page, not on what the last one was reading.
    expect(page.url()).toBe(`${baseUrl}/`);
    expect(await currentUser().count()).toBe(0);
    expect(await serverSession()).toEqual({ user: null });
    // Not just a forgotten cookie: the server ended the session, so sending it again gets 401.
    const replayed = await page.request.get(`${baseUrl}/api/datasets`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
    expect(replayed.status()).toBe(401);
    expect((await page.request.get(`${baseUrl}/api/extracts`)).status()).toBe(401);
    expectOnlyFailedRequests(/403 \(Forbidden\)/);
  });

  it('opens the page asked for after logging in, with nothing left over from the last user', async () => {
    await page.goto(`${baseUrl}/loads/${loadId}`);
    await loginHeading().waitFor();
    await logInThroughPage(page, 'admin', server!.passwords.admin!);
    await page.getByRole('heading', { name: `加载报告 #${loadId}` }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/loads/${loadId}`);
    expect(await currentUser().locator('.user-role').innerText()).toBe('管理员');
    expect(await currentUser().locator('.user-department').count()).toBe(0); // hospital-wide
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('link', { name: '返回首页' }).click();
    // The home page is the hospital's cockpit; the datasets are one link away.
    await page.getByRole('heading', { name: '医院运营驾驶舱', level: 2 }).first().waitFor();
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据' }).click();
    const shown = await readDatasetTable(page, '数据集');
    // An administrator's table, not the analyst's kept from before: every dataset links its report.
    expect(shown.map((row) => row.reportHref)).toEqual(shown.map(() => expect.stringMatching(/^\/loads\/\d+$/)));
  });

  it('shows the login page when the session ends on the server, and the page again after logging in', async () => {
    await page.goto(`${baseUrl}/data`);
    await currentUser().waitFor();
    // Logged out elsewhere (another tab, an expired session): the page does not know yet.
    const { csrfToken } = (await serverSession()) as SessionInfo;
    expect((await page.request.delete(`${baseUrl}/api/session`, { headers: { 'x-csrf-token': csrfToken } })).status()).toBe(204);

    // The next request answers 401, which brings up the login page in place of the page asked for.
    await page.getByRole('link', { name: /^加载报告 #\d+（门诊/ }).click();
    await loginHeading().waitFor();
    expect(page.url()).toBe(`${baseUrl}/loads/${loadId}`);
    await logInThroughPage(page, 'admin', server!.passwords.admin!);
    await page.getByRole('heading', { name: `加载报告 #${loadId}` }).waitFor();
    await page.locator('.report-subject').getByText('outpatient_visits').waitFor();
    expectOnlyFailedRequests(/401 \(Unauthorized\)/);
  });

  // Last: after this the server refuses every login from this address for a quarter of an hour.
  it('says how long to wait after too many failed logins', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await loginHeading().waitFor();
    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('用户名').fill('jizhen');
      await page.getByLabel('密码').fill(`guess-${attempt}`);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await alert.getByText('用户名或密码不正确，请重新输入。').waitFor();
    }
    await page.getByLabel('密码').fill(server!.passwords.jizhen!);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await alert.getByText('登录失败次数过多，请 15 分钟后再试。').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'login-throttled-zh.png') });
    expectOnlyFailedRequests(/401 \(Unauthorized\)|429 \(Too Many Requests\)/);
  });

  it('logged no errors in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
