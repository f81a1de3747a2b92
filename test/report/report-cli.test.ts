import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/cli-app.js';
import { addDays } from '../../functions/core/dates.js';
import { groupDigits } from '../../functions/core/format.js';
import { toNdjson } from '../../functions/core/opsdata-rows.js';
import { runReportCli } from '../../functions/report/report-cli.js';
import { simulatedDay } from '../../simulator/data.js';
import {
  fixtureApp,
  reportRow,
  writeFixtureSnapshots,
} from '../../tools/harness/report-fixture.js';

const TODAY = '2026-11-28';
const APP = fixtureApp(1400000001, 'Demo Chat');
/** The same app in an older run, with values no real day has, under its old name. */
const STALE = {
  ...fixtureApp(1400000001, 'Old name'),
  customize: (row: Record<string, string>) => ({ ...row, ActiveUserNum: '999999999' }),
};

let dir: string;
let out: string;
let stdout: string[];
let stderr: string[];
const io = { stdout: (t: string) => stdout.push(t), stderr: (t: string) => stderr.push(t) };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdata-report-cli-'));
  out = join(dir, 'out', 'report.html');
  stdout = [];
  stderr = [];
  // Today's snapshot, one 3 days older that overlaps it, and one that reaches 30 days further back.
  await writeFixtureSnapshots(join(dir, 'snapshots'), [
    { dt: addDays(TODAY, -30), apps: [APP] },
    { dt: addDays(TODAY, -3), apps: [STALE] },
    { dt: TODAY, apps: [APP] },
  ]);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Points drawn by the line of the `chart` chart: one coordinate pair per day with a value. */
function pointsIn(page: string, chart: string): number {
  const figure = page.slice(page.indexOf(`data-chart="${chart}"`));
  const svg = figure.slice(0, figure.indexOf('</svg>'));
  const paths = [
    ...svg.matchAll(/<g clip-path="[^"]+">\s*((?:<path d="[^"]+"[^>]*><\/path>\s*)+)/g),
  ];
  const d = paths.flatMap((m) => [...(m[1] ?? '').matchAll(/ d="([^"]+)"/g)].map((p) => p[1]));
  return d.join(' ').match(/-?[\d.]+ -?[\d.]+/g)?.length ?? 0;
}

const activeOn = (day: string) =>
  groupDigits(BigInt(simulatedDay(APP, day.replaceAll('-', '')).ActiveUserNum ?? '0'));

describe('npm run report', () => {
  it('covers both snapshots’ ranges and shows the newest values for the days they share', async () => {
    const code = await runReportCli(['--snapshots', join(dir, 'snapshots'), '--out', out], io);
    expect(code).toBe(0);
    expect(stdout).toEqual([
      `Report of 1 app from 3 snapshot files (read: 0 month objects, 3 snapshots): ${out}`,
    ]);
    expect(stderr).toEqual([]);
    const page = await readFile(out, 'utf8');
    expect(page).toContain('2026-09-29 … 2026-11-27</span> · 60 days</p>');
    expect(page).toContain('<h2><bdi>Demo Chat</bdi></h2>');
    expect(page).not.toContain('Old name');
    expect(page).not.toContain('999,999,999');
    for (const day of ['2026-11-14', '2026-11-24', '2026-11-27']) {
      expect(page).toContain(`<th scope="row">${day}</th><td>${activeOn(day)}</td>`);
    }
    expect(pointsIn(page, 'users')).toBe(2 * 60);
    expect(pointsIn(page, 'peak-online')).toBe(60);
  });

  it('shows the days of the older run that no newer run has', async () => {
    // Today's run lost 2026-11-20: the run of 3 days earlier still has it, with its own values.
    await writeFixtureSnapshots(join(dir, 'snapshots'), [
      { dt: TODAY, apps: [APP], dropDays: ['2026-11-20'] },
    ]);
    expect(await runReportCli(['--snapshots', join(dir, 'snapshots'), '--out', out], io)).toBe(0);
    const page = await readFile(out, 'utf8');
    expect(page).toContain('<th scope="row">2026-11-20</th><td>999,999,999</td>');
    expect(page).toContain(`<th scope="row">2026-11-21</th><td>${activeOn('2026-11-21')}</td>`);
    expect(page).toContain('2026-09-29 … 2026-11-27</span> · 60 days</p>');
  });

  it('--days limits the range shown', async () => {
    const argv = ['--snapshots', join(dir, 'snapshots'), '--out', out, '--days', '10'];
    expect(await runReportCli(argv, io)).toBe(0);
    const page = await readFile(out, 'utf8');
    expect(page).toContain('2026-11-18 … 2026-11-27</span> · 10 days</p>');
    expect(page).toContain('the last 10 days');
    expect(pointsIn(page, 'users')).toBe(2 * 10);
    expect(page.match(/<th scope="row">/g)).toHaveLength(10);
  });

  it('exits 1 naming the file and line of a malformed snapshot, and writes nothing', async () => {
    const file = join(dir, 'snapshots', 'getappinfo', `dt=${TODAY}`, '1400000001.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/"active_user_num":\d+/, '"active_user_num":12.5'));
    expect(await runReportCli(['--snapshots', join(dir, 'snapshots'), '--out', out], io)).toBe(1);
    expect(stderr).toEqual([
      `chat-opsdata report: ${file} line 1: active_user_num is 12.5: not an integer — the pipeline never writes this: fix or remove that file`,
    ]);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('applies --rule to the digest, as npm start does', async () => {
    const gap = join(dir, 'gap');
    await writeFixtureSnapshots(gap, [{ dt: TODAY, apps: [APP], dropDays: ['2026-11-20'] }]);
    expect(await runReportCli(['--snapshots', gap, '--out', out], io)).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('<li data-rule="data_late">');
    const argv = ['--snapshots', gap, '--out', out, '--rule', 'data_late.enabled=false'];
    expect(await runReportCli(argv, io)).toBe(0);
    expect(await readFile(out, 'utf8')).not.toContain('data-rule="data_late"');
  });

  it.each([
    [['--snapshots', '/does/not/exist'], 'no folder /does/not/exist — make one with'],
    [['--prefix', 'other'], 'no snapshots under '],
    [['--days', 'x'], '--days "x" must be a whole number from 1 to 36500'],
    [['--snapshots', 'a', '--bucket', 'b'], 'use --snapshots or --bucket, not both'],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const args = argv.includes('--snapshots')
      ? argv
      : [...argv, '--snapshots', join(dir, 'snapshots')];
    expect(await runReportCli([...args, '--out', out], io)).toBe(2);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain(`chat-opsdata report: ${message}`);
    expect(stdout).toEqual([]);
  });

  it('draws only the last ten years of an app whose days are centuries apart, and says so', async () => {
    // What the pipeline wrote before answers were checked: 0001-01-01 and 9999-12-31 (3.65 M days).
    const hostile = join(dir, 'snapshots', 'getappinfo', `dt=${TODAY}`, '1400000009.json');
    await writeFile(
      hostile,
      toNdjson([
        reportRow({ app_id: 1400000009n, stat_date: '0001-01-01', active_user_num: 1n }),
        reportRow({ app_id: 1400000009n, stat_date: '9999-12-31', active_user_num: 2n }),
      ]),
    );
    const started = Date.now();
    expect(await runReportCli(['--snapshots', join(dir, 'snapshots'), '--out', out], io)).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(stderr).toEqual([
      'chat-opsdata report: 1 app (1400000009) with days more than 3,653 days apart: only the last 3,653 days of each are drawn — older days come from snapshots that hold days getappinfo never sends',
    ]);
    const page = await readFile(out, 'utf8');
    const section = page.slice(page.indexOf('data-app-id="1400000009"'));
    expect(section).toContain('9999-12-31 … 9999-12-31');
    expect(section).toContain(
      '1 older day not drawn (back to 0001-01-01): at most 3,653 days are laid out',
    );
    // The healthy app is drawn as before.
    expect(pointsIn(page, 'users')).toBeGreaterThan(30);
  });

  it('is reachable as npm start -- report', async () => {
    expect(await runCli(['report', '--help'], io)).toBe(0);
    expect(stdout.join('\n')).toContain('Usage: npx chat-opsdata report [options]');
    stdout = [];
    expect(await runCli(['report', '--snapshots', join(dir, 'snapshots'), '--out', out], io)).toBe(
      0,
    );
    expect(stdout).toEqual([
      `Report of 1 app from 3 snapshot files (read: 0 month objects, 3 snapshots): ${out}`,
    ]);
  });
});

describe('npm run report: where the page goes, and what is missing', () => {
  it('writes report.html into the snapshots folder by default, where npm start puts it', async () => {
    const code = await runReportCli(['--snapshots', join(dir, 'snapshots')], io);
    expect(code).toBe(0);
    expect(stdout.at(-1)).toContain(join(dir, 'snapshots', 'report.html'));
    expect(await readFile(join(dir, 'snapshots', 'report.html'), 'utf8')).toContain(
      '<!doctype html>',
    );
  });

  it('says a folder that does not exist is missing, not empty, and exits 2', async () => {
    const missing = join(dir, 'nowhere');
    expect(await runReportCli(['--snapshots', missing], io)).toBe(2);
    expect(stderr).toEqual([
      `chat-opsdata report: no folder ${missing} — make one with npx chat-opsdata (it writes ./snapshots), or name yours with --snapshots <folder>`,
    ]);
  });

  it('says an empty folder holds no snapshots, a message of its own', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    expect(await runReportCli(['--snapshots', empty], io)).toBe(2);
    expect(stderr.join('\n')).toMatch(/^chat-opsdata report: no snapshots under /);
  });
});
