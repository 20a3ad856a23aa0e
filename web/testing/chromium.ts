// Debian's Chromium for the browser tests, and the web app built for it.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  console.warn('skipping browser tests: /usr/bin/chromium not found; apt-get install -y chromium fonts-wqy-microhei');
}

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const artifactsDir = join(repoRoot, 'test-artifacts');

/** The web app as `vite build` makes it, into outDir. */
export async function buildWebApp(outDir: string): Promise<void> {
  await build({
    configFile: join(repoRoot, 'vite.config.ts'),
    root: join(repoRoot, 'web'), // the config's root is relative to the working directory
    // Under Vitest NODE_ENV is 'test', so this bundles React's development build, on purpose:
    // its checks (keys, nesting, hooks) log console errors, which the tests fail on. That build
    // is larger than Vite's size warning, which is about production bundles.
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
    logLevel: 'warn',
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Collects what the page reports as errors (uncaught exceptions, console errors) into `errors`. */
export function watchPageErrors(page: Page, errors: string[]): Page {
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return page;
}

/** Chromium with one page of `viewport` whose errors go to `errors`, and the artifacts folder ready for screenshots. */
export async function openBrowserPage(errors: string[], viewport = { width: 1280, height: 900 }): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = watchPageErrors(await browser.newPage({ viewport }), errors);
  await mkdir(artifactsDir, { recursive: true });
  return { browser, page };
}
