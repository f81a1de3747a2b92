/**
 * The report in a real browser (Debian's headless Chromium): it loads from disk with no request,
 * no console message and no script; every app has its charts with one point per day of data;
 * hostile and non-Latin names are text. Screenshots go to test-results/report/.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../functions/report/build-report.js';
import { dirSource } from '../../functions/report/read/dir-source.js';
import { CHARTS } from '../../functions/report/render/report-charts.js';
import { writeReportFile } from '../../functions/report/write-report.js';
import {
  launchChromium,
  type OpenedPage,
  openFile,
  screenshot,
} from '../../tools/harness/browser.js';
import { fixtureApp, writeFixtureSnapshots } from '../../tools/harness/report-fixture.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const CJK = '微聊 チャット 🎉';
const CHAT = fixtureApp(1400000001, 'Demo Chat');
const EVIL = fixtureApp(1400000002, HOSTILE, '<script>alert(2)</script>');
const WIDE = fixtureApp(1400000003, CJK, '示例科技');
/**
 * A right-to-left name (Arabic) whose newest day has an anomaly: the contents' "⚠ 1" after it
 * must stay after it, not be pulled into its direction.
 */
const BIDI = {
  ...fixtureApp(1400000004, 'دردشة', 'شركة الدردشة'),
  customize: (row: Record<string, string>, date: string) =>
    date === '20261127' ? { ...row, ActiveUserNum: '1' } : row,
};
const GAP = ['2026-11-12', '2026-11-13'];
const OUTPUT = resolve('test-results/report');

let dir: string;
let browser: Browser | undefined;
/**
 * The opened report. Not awaited in beforeAll: a missing Chromium must fail every test with the
 * install hint (vitest would report the tests as skipped if the hook threw).
 */
let ready: Promise<OpenedPage>;

async function openReport(): Promise<OpenedPage> {
  await writeFixtureSnapshots(dir, [
    { dt: '2026-10-29', apps: [CHAT, EVIL, WIDE, BIDI] },
    { dt: '2026-11-28', apps: [CHAT], dropDays: GAP },
    { dt: '2026-11-28', apps: [EVIL, WIDE, BIDI] },
  ]);
  const report = await buildReport({
    source: dirSource(dir),
    prefix: 'getappinfo',
    now: new Date(),
  });
  const page = await writeReportFile(join(dir, 'report.html'), report.html);
  browser = await launchChromium();
  return openFile(browser, page);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdata-report-browser-'));
  ready = openReport();
  ready.catch(() => undefined); // each test awaits it and fails with its error
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the report in Chromium', () => {
  it('loads from disk with no other request, no console message and no script', async () => {
    const opened = await ready;
    expect(opened.requests).toEqual([opened.url]);
    expect(opened.consoleMessages).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
    expect(await opened.page.$$eval('script', (scripts) => scripts.length)).toBe(0);
  });

  it('draws every chart of every app, one point per day that has data', async () => {
    const opened = await ready;
    const drawn = await opened.page.$$eval('section.app', (sections) =>
      sections.map((section) => ({
        app: section.getAttribute('data-app-id'),
        charts: [...section.querySelectorAll('figure.chart')].map((figure) => {
          const lines = [...figure.querySelectorAll('svg g[clip-path] > path')];
          const d = lines.map((path) => path.getAttribute('d') ?? '').join(' ');
          return {
            id: figure.getAttribute('data-chart'),
            lines: lines.length,
            points: d.match(/-?[\d.]+ -?[\d.]+/g)?.length ?? 0,
            width: Math.round(figure.querySelector('svg')?.getBoundingClientRect().width ?? 0),
          };
        }),
      })),
    );
    const expected = (days: number) =>
      CHARTS.map((c) => ({
        id: c.id,
        lines: c.series.length,
        points: c.series.length * days,
        width: expect.any(Number),
      }));
    expect(drawn).toEqual([
      { app: '1400000001', charts: expected(60 - GAP.length) },
      { app: '1400000002', charts: expected(60) },
      { app: '1400000003', charts: expected(60) },
      { app: '1400000004', charts: expected(60) },
    ]);
    // Three charts a row on a laptop screen, each readable.
    for (const chart of drawn.flatMap((a) => a.charts)) expect(chart.width).toBeGreaterThan(360);
  });

  it('shades the missing days of the app that has a gap, and only there', async () => {
    const opened = await ready;
    const shaded = await opened.page.$$eval('section.app', (sections) =>
      sections.map(
        (section) => section.querySelectorAll('figure.chart svg [fill-opacity="0.14"]').length,
      ),
    );
    expect(shaded).toEqual([CHARTS.length, 0, 0, 0]);
  });

  it('shows a hostile name as text and runs nothing', async () => {
    const opened = await ready;
    const page = opened.page;
    expect(await page.locator('section[data-app-id="1400000002"] h2').textContent()).toBe(HOSTILE);
    expect(await page.locator('section[data-app-id="1400000002"] .facts').textContent()).toContain(
      '<script>alert(2)</script> · SDKAppID',
    );
    expect(await page.locator('table.overview-table a[href="#app-1400000002"]').textContent()).toBe(
      HOSTILE,
    );
    expect(await page.$$eval('img, script, iframe', (found) => found.length)).toBe(0);
    expect(opened.dialogs).toEqual([]);
  });

  it('keeps the SDKAppID after a right-to-left name in the overview', async () => {
    const opened = await ready;
    const cell = opened.page.locator('tr[data-app-id="1400000004"] th');
    const { name, id } = await cell.evaluate((th) => {
      // The name's text as laid out, wherever it sits in the cell.
      const walker = th.ownerDocument.createTreeWalker(th, 4 /* NodeFilter.SHOW_TEXT */);
      let node = walker.nextNode();
      while (node !== null && !node.textContent?.includes('دردشة')) node = walker.nextNode();
      const range = th.ownerDocument.createRange();
      if (node !== null) range.selectNodeContents(node);
      const named = range.getBoundingClientRect();
      const idSpan = th.querySelector('.id')?.getBoundingClientRect();
      return {
        name: { right: named.right, width: named.width },
        id: { left: idSpan?.left ?? -1 },
      };
    });
    expect(name.width).toBeGreaterThan(0);
    expect(await cell.locator('.id').textContent()).toBe('1400000004');
    // Without <bdi>, the SDKAppID after an Arabic name was laid out to its left.
    expect(id.left).toBeGreaterThanOrEqual(name.right);
  });

  it('keeps Chinese, Japanese and emoji names as they are', async () => {
    const opened = await ready;
    expect(await opened.page.locator('section[data-app-id="1400000003"] h2').textContent()).toBe(
      CJK,
    );
  });

  it('lays charts out two a row on paper', async () => {
    const opened = await ready;
    const chromium = opened.page.context().browser();
    if (chromium === null) throw new Error('the page has no browser');
    const page = await chromium.newPage({ viewport: { width: 794, height: 1123 } }); // A4, 96 dpi
    try {
      await page.goto(opened.url);
      await page.emulateMedia({ media: 'print' });
      const tops = await page.$$eval('section.app:first-of-type figure.chart', (figures) =>
        figures.map((figure) => Math.round(figure.getBoundingClientRect().top)),
      );
      expect(tops).toHaveLength(CHARTS.length);
      expect(tops[0]).toBe(tops[1]);
      expect(tops[2]).toBeGreaterThan(tops[0] ?? 0);
    } finally {
      await page.close();
    }
  });

  it('writes screenshots of the laptop screen and of the whole page', async () => {
    const opened = await ready;
    await mkdir(OUTPUT, { recursive: true });
    for (const [name, height] of [
      ['report-screen.png', 800],
      ['report-full.png', undefined],
    ] as const) {
      const file = join(OUTPUT, name);
      await screenshot(opened.page, file, height);
      const png = await readFile(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(1280); // IHDR width
    }
  });
});
