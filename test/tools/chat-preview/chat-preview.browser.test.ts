/**
 * Each platform's message, drawn from the exact body the poster sends, in headless Chromium:
 * nothing requested, no script run, no part the renderer does not know, and a hostile app name
 * shown as the text it is (on Markdown platforms, as look-alikes). Pages go to
 * test-results/chat-preview-test/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatDigest } from '../../../functions/notify/chat-digest.js';
import { PLATFORMS } from '../../../functions/notify/poster.js';
import { WEBHOOK_KINDS } from '../../../functions/notify/webhook.js';
import { messageHtml } from '../../../tools/chat-preview/messages.js';
import { PHONE, phonePage } from '../../../tools/chat-preview/page.js';
import { launchChromium, openFile } from '../../../tools/harness/browser.js';
import { failed, QUIET, SPIKE, summary, written } from '../../support/run-summaries.js';

const HOSTILE = '<img src=x onerror=alert(1)>**b**';
const OUT = resolve('test-results/chat-preview-test');
const DIGEST = chatDigest(
  summary([
    written(1400000001, 'Demo Chat'),
    written(1400000002, HOSTILE, { ...QUIET, anomalies: [SPIKE] }),
    failed(1400000003, 'getappinfo failed for app 1400000003: 70020 <script>alert(2)</script>'),
  ]),
  'https://example.com/dashboard',
);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(OUT, { recursive: true });
});
afterAll(() => browser?.close());

describe.each(WEBHOOK_KINDS)('the %s preview', (kind) => {
  it('loads with no request and no script, knows every part, and shows the names as text', async () => {
    const { body } = PLATFORMS[kind].request(
      DIGEST,
      { kind, url: 'https://example.invalid/x' },
      new Date(),
    );
    const path = join(OUT, `${kind}.html`);
    await writeFile(path, phonePage(kind, messageHtml(kind, body), '10:31'));
    const opened = await openFile(browser, path, PHONE);
    try {
      expect(opened.requests).toEqual([opened.url]);
      expect(opened.dialogs).toEqual([]);
      expect([...opened.consoleMessages, ...opened.pageErrors]).toEqual([]);
      const text = (await opened.page.locator('body').textContent()) ?? '';
      expect(text).not.toContain('[unsupported');
      expect(await opened.page.locator('img, script').count()).toBe(0);
      const shown =
        kind === 'wecom' || kind === 'dingtalk' ? '‹img src=x onerror=alert(1)›∗∗b∗∗' : HOSTILE;
      expect(text).toContain(`${shown} (1400000002)`);
      expect(text).toContain('Messages up rose to 194,349');
      expect(text).toContain('Open the dashboard');
      expect(
        await opened.page.locator('a', { hasText: 'Open the dashboard' }).getAttribute('href'),
      ).toBe('https://example.com/dashboard');
    } finally {
      await opened.page.close();
    }
  });
});
