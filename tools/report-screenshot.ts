/**
 * `npm run report:screenshot [-- <png> [--full]]`: renders a report of fixed demo data (three
 * apps, 60 days, a two-day gap) and saves what a laptop screen shows of it, by the browser test's
 * code path. Default output: docs/report.png (the README's picture). CJK and emoji names need
 * fonts-noto-cjk and fonts-noto-color-emoji installed to show as glyphs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildReport } from '../functions/report/build-report.js';
import { dirSource } from '../functions/report/read/dir-source.js';
import { writeReportFile } from '../functions/report/write-report.js';
import { DEMO_APPS } from '../simulator/demo.js';
import { launchChromium, openFile, screenshot } from './harness/browser.js';
import { fixtureApp, writeFixtureSnapshots } from './harness/report-fixture.js';

const [chat, live] = DEMO_APPS;
if (chat === undefined || live === undefined) throw new Error('the simulator has no demo apps');
const cjk = fixtureApp(1400000003, '示例直播 Live 🎥', '示例科技');

/** How tall the README picture is: the header, the first app's digest and charts. */
const SCREEN_HEIGHT = 1115;

const args = process.argv.slice(2);
const out = resolve(args.find((a) => !a.startsWith('--')) ?? 'docs/report.png');
const dir = await mkdtemp(join(tmpdir(), 'opsdata-report-shot-'));
const browser = await launchChromium();
try {
  await writeFixtureSnapshots(dir, [
    { dt: '2026-10-29', apps: [chat, live, cjk] },
    { dt: '2026-11-28', apps: [chat], dropDays: ['2026-11-12', '2026-11-13'] },
    { dt: '2026-11-28', apps: [live, cjk] },
  ]);
  // The header names the folder as a user's would be named, not the temporary one.
  const source = { ...dirSource(dir), describe: () => 'snapshots/getappinfo/' };
  const report = await buildReport({
    source,
    prefix: 'getappinfo',
    now: new Date('2026-11-28T02:00:00Z'),
  });
  const page = join(dir, 'report.html');
  await writeReportFile(page, report.html);
  const opened = await openFile(browser, page);
  await screenshot(opened.page, out, args.includes('--full') ? undefined : SCREEN_HEIGHT);
  console.log(`Screenshot of the report: ${out}`);
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
