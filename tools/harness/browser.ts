/**
 * Chromium (or Chrome), headless, driven by playwright-core: open a report from disk, see what it
 * requested, logged and ran, and take screenshots. Used by the browser test and by
 * `npm run report:screenshot`, so the README's picture comes from the tested code path.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where browsers are usually installed, after `CHROMIUM_PATH` and the PATH. */
export const USUAL_PLACES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/** The names Chromium and Chrome go by on the PATH. */
const COMMANDS = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
];

/** How to get one, in one line. */
export const INSTALL_HINT =
  'no Chromium or Chrome found (looked at CHROMIUM_PATH, the PATH and the usual places): install one (Debian/Ubuntu: sudo apt-get install -y chromium; macOS: brew install --cask chromium) or set CHROMIUM_PATH to its executable';

/**
 * The browser to drive: `CHROMIUM_PATH` when set (it must exist), else the first Chromium or
 * Chrome on the PATH, else the first of `USUAL_PLACES` that exists.
 * @throws Error with one line: the missing CHROMIUM_PATH, or how to install a browser.
 */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  const given = env.CHROMIUM_PATH?.trim();
  if (given) {
    if (!exists(given)) throw new Error(`CHROMIUM_PATH is ${given}, which does not exist`);
    return given;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const exe = process.platform === 'win32' ? '.exe' : '';
  for (const command of COMMANDS) {
    for (const dir of dirs) {
      const path = join(dir, command + exe);
      if (exists(path)) return path;
    }
  }
  const found = USUAL_PLACES.find((path) => exists(path));
  if (found === undefined) throw new Error(INSTALL_HINT);
  return found;
}

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
 * Starts headless Chromium (or Chrome, see `findChromium`) with a fresh profile (playwright
 * makes one per launch).
 * @throws Error saying, in one line, how to install a browser when none is found.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
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
