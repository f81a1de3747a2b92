/**
 * The report's reading: the month objects, and the snapshots only where they may add to them —
 * whatever was read, the rows (and the page) are those of every snapshot merged.
 */
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../functions/core/dates.js';
import { SnapshotFormatError } from '../../../functions/core/errors.js';
import { dirStore } from '../../../functions/local/dir-store.js';
import { compactMonths } from '../../../functions/months/compact.js';
import { buildReport } from '../../../functions/report/build-report.js';
import { dirSource } from '../../../functions/report/read/dir-source.js';
import { loadHistory } from '../../../functions/report/read/load-history.js';
import { fixtureApp, writeFixtureSnapshots } from '../../../tools/harness/report-fixture.js';

const NEWEST = '2026-11-28';
const APPS = [fixtureApp(1400000001, 'Demo Chat'), fixtureApp(1400000002, 'Demo Live')];
/** A year of runs, one every 10 days (each holds 30 days, so days overlap), newest first. */
const DTS = Array.from({ length: 37 }, (_, i) => addDays(NEWEST, -10 * i));

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdata-history-'));
  await writeFixtureSnapshots(
    dir,
    DTS.map((dt) => ({ dt, apps: APPS })),
  );
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const compact = (root: string) =>
  compactMonths({
    source: dirSource(root),
    store: dirStore(root),
    prefix: 'getappinfo',
    concurrency: 8,
  });

/** The page, without the chart classes ECharts numbers from a counter kept across renders. */
const page = async (root: string) =>
  (
    await buildReport({ source: dirSource(root), prefix: 'getappinfo', now: new Date(0) })
  ).html.replace(/-cls-\d+/g, '-cls-N');

describe('loadHistory', () => {
  it('reads only the month objects once compact has run: the same rows, the same page', async () => {
    const fromSnapshots = await loadHistory(dirSource(dir), 'getappinfo');
    const before = await page(dir);
    expect(fromSnapshots.read).toEqual({ months: 0, snapshots: DTS.length * 2 });
    const { months } = await compact(dir);

    const fromMonths = await loadHistory(dirSource(dir), 'getappinfo');
    // ≈ 12 reads per app and year (13 months here: the first run reaches 30 days further back).
    expect(fromMonths.read).toEqual({ months: months.created, snapshots: 0 });
    expect(months.created).toBe(2 * 13);
    expect(fromMonths.rows).toEqual(fromSnapshots.rows);
    expect(fromMonths).toMatchObject({ snapshots: DTS.length * 2, newestDt: NEWEST, ignored: [] });
    expect(await page(dir)).toBe(before);
  });

  it('reads the older snapshots of a stack upgraded without compact, for the days before its months', async () => {
    const all = await loadHistory(dirSource(dir), 'getappinfo');
    // What the first run after the upgrade leaves: month objects of its own 30 days only.
    const upgraded = await mkdtemp(join(tmpdir(), 'opsdata-history-upgraded-'));
    try {
      await writeFixtureSnapshots(upgraded, [{ dt: NEWEST, apps: APPS }]);
      await compact(upgraded);
      await writeFixtureSnapshots(
        upgraded,
        DTS.slice(1).map((dt) => ({ dt, apps: APPS })),
      );
      const loaded = await loadHistory(dirSource(upgraded), 'getappinfo');
      expect(loaded.rows).toEqual(all.rows);
      // Not the newest snapshot (its days are all in the month objects), every older one.
      expect(loaded.read).toEqual({ months: 4, snapshots: (DTS.length - 1) * 2 });
    } finally {
      await rm(upgraded, { recursive: true, force: true });
    }
  });

  it('reads the newest snapshot again when its month write failed', async () => {
    const all = await loadHistory(dirSource(dir), 'getappinfo');
    // The month layer as the run before the newest one left it.
    await unlink(join(dir, 'getappinfo', `dt=${NEWEST}`, '1400000001.json'));
    await compact(dir);
    await writeFixtureSnapshots(dir, [{ dt: NEWEST, apps: [APPS[0] ?? fixtureApp(1, 'x')] }]);
    const loaded = await loadHistory(dirSource(dir), 'getappinfo');
    expect(loaded.rows).toEqual(all.rows);
    // Only the newest snapshot: every other one's days are in the month objects from itself or newer.
    expect(loaded.read.snapshots).toBe(1);
  });

  it('reads month objects alone when there are no snapshots, taking the newest dt from them', async () => {
    const all = await loadHistory(dirSource(dir), 'getappinfo');
    await compact(dir);
    await rm(join(dir, 'getappinfo'), { recursive: true });
    const loaded = await loadHistory(dirSource(dir), 'getappinfo');
    expect(loaded.rows).toEqual(all.rows);
    expect(loaded).toMatchObject({ snapshots: 0, newestDt: NEWEST, read: { snapshots: 0 } });
  });

  it('never reads the run bookkeeping or stray files beside the month objects', async () => {
    await compact(dir);
    const store = dirStore(dir);
    await store.put('days/getappinfo/runs/dt=2026-11-28/1400000001.done', 'not json', 'x');
    await store.put('days/getappinfo/month=2026-11/notes.txt', 'not json', 'x');
    await store.put('days/getappinfo/other.json', 'not json', 'x');
    const loaded = await loadHistory(dirSource(dir), 'getappinfo');
    expect(loaded.read.snapshots).toBe(0);
    expect(loaded.ignored).toEqual([]);
  });

  it('names a month object that is not one', async () => {
    await compact(dir);
    const path = join('days', 'getappinfo', 'month=2026-11', '1400000002.json');
    await dirStore(dir).put(path.split('\\').join('/'), '{"app_id":1}\n', 'x');
    const loading = loadHistory(dirSource(dir), 'getappinfo');
    await expect(loading).rejects.toThrow(SnapshotFormatError);
    await expect(loading).rejects.toThrow(`${join(dir, path)} line 1: stat_date is missing`);
  });
});
