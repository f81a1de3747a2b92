/**
 * Debian's Chromium, headless, driven by playwright-core: open a report from disk, see what it
 * requested, logged and ran, and take screenshots. Used by the browser test and by
 * `npm run report:screenshot`, so the README's picture comes from the tested code path.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's package installs it here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Without the networking flags Chromium keeps calling hosts a build machine cannot reach. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A laptop screen. */
export const LAPTOP = { width: 1280, height: 800 } as const;

/**
 * Starts headless Chromium with a fresh profile (playwright makes one per launch).
 * @throws Error saying how to install Chromium when it is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: install Debian's package with "sudo apt-get install -y chromium" (.ci/run installs it when it is missing)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A page opened from disk, with everything it did while loading. */
export interface OpenedPage {
  readonly page: Page;
  readonly url: string;
  /** Every request the page made, the file itself included. */
  readonly requests: string[];
  readonly consoleMessages: string[];
  readonly pageErrors: string[];
  /** Texts of `alert`/`confirm`/`prompt` dialogs: a script ran if there is any. */
  readonly dialogs: string[];
}

/** Opens the HTML file at `path` in a new page of `browser` and waits until it has loaded. */
export async function openFile(
  browser: Browser,
  path: string,
  viewport: { width: number; height: number } = LAPTOP,
): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const opened: OpenedPage = {
    page,
    url: pathToFileURL(path).href,
    requests: [],
    consoleMessages: [],
    pageErrors: [],
    dialogs: [],
  };
  page.on('request', (request) => opened.requests.push(request.url()));
  page.on('console', (message) =>
    opened.consoleMessages.push(`${message.type()}: ${message.text()}`),
  );
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(opened.url, { waitUntil: 'load' });
  return opened;
}

/** Saves a PNG of the page: the first `height` pixels, or the whole page. */
export async function screenshot(page: Page, file: string, height?: number): Promise<void> {
  const width = page.viewportSize()?.width ?? LAPTOP.width;
  await page.screenshot(
    height === undefined
      ? { path: file, fullPage: true }
      : { path: file, fullPage: true, clip: { x: 0, y: 0, width, height } },
  );
}
