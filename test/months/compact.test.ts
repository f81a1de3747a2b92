/**
 * compactMonths beside a run: the run's newer day, merged while compact is between its read and
 * its write of the same month object, survives (compact's write is refused and merged again).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { monthKey } from '../../functions/core/snapshot-layout.js';
import { compactMonths } from '../../functions/months/compact.js';
import { mergeIntoMonth } from '../../functions/months/month-writer.js';
import { s3Source } from '../../functions/report/read/s3-source.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { fixtureApp, fixtureNdjson, reportRow } from '../../tools/harness/report-fixture.js';
import { type RunningS3, startS3 } from '../../tools/harness/s3-server.js';

const BUCKET = 'compact';
let s3: RunningS3;

beforeAll(async () => {
  s3 = await startS3({ buckets: [BUCKET], missingKeysForbidden: true });
});
afterAll(async () => {
  await s3.close();
});

describe('compactMonths', () => {
  it('loses no day a run merges into a month while compact rebuilds it', async () => {
    const app = fixtureApp(1400000001, 'Demo Chat');
    const real = s3Store(s3.client(), BUCKET);
    await real.put(
      `getappinfo/dt=2026-11-20/${app.sdkAppId}.json`,
      fixtureNdjson(app, '2026-11-20'),
      'x',
    );
    const key = monthKey('getappinfo', '2026-11', app.sdkAppId);
    // Tomorrow's run: a day no snapshot compact read holds yet.
    const runsDay = {
      ...reportRow({ stat_date: '2026-11-20', run_id: 'run-tomorrow' }),
      dt: '2026-11-21',
    };
    let interfered = false;
    const store: SnapshotStore = {
      ...real,
      async get(k) {
        const object = await real.get(k);
        if (k === key && !interfered) {
          interfered = true;
          await mergeIntoMonth(app.sdkAppId, '2026-11', [runsDay], {
            store: real,
            prefix: 'getappinfo',
            deadline: Date.now() + 10_000,
          });
        }
        return object;
      },
    };
    const result = await compactMonths({
      source: s3Source(s3.client(), BUCKET),
      store,
      prefix: 'getappinfo',
      concurrency: 4,
    });
    expect(interfered).toBe(true);
    // The run created November first, so compact's create was refused and it merged again.
    expect(result.months).toEqual({ created: 1, updated: 1, unchanged: 0, replaced: 0 });
    const lines = Buffer.from((await real.get(key))?.body ?? [])
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { stat_date: string; run_id: string });
    expect(lines.map((l) => l.stat_date).at(-1)).toBe('2026-11-20');
    expect(lines.at(-1)?.run_id).toBe('run-tomorrow');
    expect(lines.map((l) => l.stat_date)[0]).toBe('2026-11-01');
  });

  it('counts only the month objects it wrote: a second compact over the same snapshots writes none', async () => {
    const app = fixtureApp(1400000003, 'Demo Again');
    const store = s3Store(s3.client(), BUCKET);
    await store.put(
      `again/dt=2026-11-20/${app.sdkAppId}.json`,
      fixtureNdjson(app, '2026-11-20'),
      'x',
    );
    const compact = () =>
      compactMonths({
        source: s3Source(s3.client(), BUCKET),
        store,
        prefix: 'again',
        concurrency: 4,
      });
    // The snapshot of 2026-11-20 holds the 30 days before it: October 21 to November 19.
    expect(await compact()).toMatchObject({
      monthsWritten: 2,
      months: { created: 2, updated: 0, unchanged: 0, replaced: 0 },
    });
    expect(await compact()).toMatchObject({
      monthsWritten: 0,
      months: { created: 0, updated: 0, unchanged: 2, replaced: 0 },
    });
  });
});
