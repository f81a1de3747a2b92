import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/core/dates.js';
import { COUNT_FIELDS, type OpsdataRow } from '../../functions/core/opsdata-schema.js';
import {
  changePct,
  changePoints,
  digestOf,
  median,
  missingDays,
} from '../../functions/digest/digest.js';

const RUN_DATE = '2026-11-28';
const DAY = '2026-11-27'; // a Friday

/** A row for `stat_date` with every count null but those given. */
function row(statDate: string, counts: Partial<Record<keyof OpsdataRow, bigint | null>> = {}) {
  const nulls = Object.fromEntries(COUNT_FIELDS.map((f) => [f.column, null]));
  return {
    app_id: 1400000000n,
    app_name: 'App',
    company: 'Co',
    api_app_id: 1400000000n,
    stat_date: statDate,
    ...nulls,
    invalid_fields: [],
    extra: {},
    extracted_at: '2026-11-28T02:30:00.000Z',
    run_id: 'run',
    schema_version: 1,
    ...counts,
  } as OpsdataRow;
}

/** 15 days ending on DAY: active users 100, 101, … so each day's value is known by its offset. */
function fortnight(
  change: (offset: number) => Partial<Record<keyof OpsdataRow, bigint>> = () => ({}),
) {
  return Array.from({ length: 15 }, (_, i) => {
    const offset = i - 14; // -14 … 0
    return row(addDays(DAY, offset), {
      active_user_num: BigInt(114 + offset),
      up_msg_num: 1000n,
      callback_req: 1000n,
      callback_rsp: 1000n,
      ...change(offset),
    });
  });
}

const metric = (rows: OpsdataRow[], id: string) =>
  digestOf(rows, { runDate: RUN_DATE }).metrics.find((m) => m.id === id);

describe('digestOf', () => {
  it('compares the newest day with the day before, a week earlier and the median of the week before', () => {
    const digest = digestOf(fortnight().reverse(), { runDate: RUN_DATE });
    expect(digest.day).toBe(DAY);
    // Day 0 = 114, day -1 = 113, day -7 = 107, days -7 … -1 = 107 … 113 → median 110.
    expect(digest.metrics.find((m) => m.id === 'active_users')).toEqual({
      id: 'active_users',
      label: 'Active users',
      unit: 'count',
      value: 114,
      dayBefore: 113,
      weekAgo: 107,
      median7: 110,
      changePct: 6.5, // (114 - 107) / 107 = 6.54 %
      changePoints: null, // a count changes in percent, not in points
    });
    expect(digest.metrics.map((m) => m.id)).toEqual([
      'active_users',
      'login_users',
      'messages_up',
      'messages_down',
      'peak_online',
      'new_registrations',
      'total_registrations',
      'callback_success_rate',
    ]);
    expect(digest.anomalies).toEqual([]);
  });

  it('gives the callback success rate in percent, and null without requests', () => {
    const rows = fortnight((o) =>
      o === 0 ? { callback_rsp: 997n } : o === -7 ? { callback_req: 0n } : {},
    );
    expect(metric(rows, 'callback_success_rate')).toMatchObject({
      value: 99.7,
      weekAgo: null,
      dayBefore: 100,
      changePct: null,
    });
  });

  it("gives a rate's change against a week earlier in percentage points, two decimals", () => {
    // 99.7 % on the day, 99.96 % (9,996 of 10,000) a week earlier: −0.26 points (−0.3 % relative).
    const rows = fortnight((o) =>
      o === 0
        ? { callback_rsp: 997n }
        : o === -7
          ? { callback_req: 10_000n, callback_rsp: 9_996n }
          : {},
    );
    expect(metric(rows, 'callback_success_rate')).toMatchObject({
      value: 99.7,
      weekAgo: 99.96,
      changePoints: -0.26,
      changePct: -0.3,
    });
  });

  it('never rounds a rate up to 100 while a request went unanswered', () => {
    const rows = fortnight((o) =>
      o === 0 ? { callback_req: 100_000n, callback_rsp: 99_999n } : {},
    );
    expect(metric(rows, 'callback_success_rate')?.value).toBe(99.99);
  });

  it('leaves a missing week-earlier day, a 0 baseline and a not-requested figure as null, never NaN', () => {
    const rows = fortnight((o) => (o === -1 ? { up_msg_num: 0n } : {})).filter(
      (r) => r.stat_date !== addDays(DAY, -7),
    );
    expect(metric(rows, 'active_users')).toMatchObject({ weekAgo: null, changePct: null });
    expect(metric(rows, 'callback_success_rate')).toMatchObject({
      value: 100,
      weekAgo: null,
      changePoints: null,
    });
    // Days -6 … -1 present: 108 … 113 → median 110.5.
    expect(metric(rows, 'active_users')?.median7).toBe(110.5);
    expect(metric(rows, 'login_users')).toMatchObject({
      value: null,
      median7: null,
      changePct: null,
    });
    const zero = fortnight((o) => (o === -7 ? { up_msg_num: 0n } : {}));
    expect(metric(zero, 'messages_up')).toMatchObject({ weekAgo: 0, changePct: null });
    const json = JSON.stringify(digestOf(rows, { runDate: RUN_DATE }));
    expect(json).not.toMatch(/NaN|Infinity/);
  });

  it('keeps the key figures of the newest 14 days, oldest first, for the metrics', () => {
    const { recent } = digestOf(fortnight().reverse(), { runDate: RUN_DATE });
    expect(recent.map((d) => d.day)).toEqual(
      Array.from({ length: 14 }, (_, i) => addDays(DAY, i - 13)),
    );
    expect(recent.at(-1)?.values).toMatchObject({
      active_users: 114,
      messages_up: 1000,
      callback_success_rate: 100,
      login_users: null,
    });
    expect(recent[0]?.values.active_users).toBe(101);
  });

  it('has no day, null figures and a data_late anomaly for a snapshot without days', () => {
    const digest = digestOf([], { runDate: RUN_DATE });
    expect(digest.day).toBeNull();
    expect(digest.metrics.every((m) => m.value === null && m.changePct === null)).toBe(true);
    expect(digest.anomalies).toEqual([
      expect.objectContaining({
        rule: 'data_late',
        day: '2026-11-27',
        message:
          'The snapshot of 2026-11-28 holds no days at all (expected up to 2026-11-27). (data_late)',
      }),
    ]);
  });
});

describe('helpers', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, null, 3, 2], 2.5],
  ])('median of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it.each([
    [110, 100, 10],
    [90, 100, -10],
    [1, 3, -66.7],
    [5, 0, null],
    [null, 5, null],
    [5, null, null],
  ])('changePct(%s, %s) is %s', (value, base, expected) => {
    expect(changePct(value, base)).toBe(expected);
  });

  it('finds the days missing between the oldest and the newest, across a month end', () => {
    expect(missingDays(['2026-12-02', '2026-11-29', '2026-11-30'])).toEqual({
      count: 1,
      first: ['2026-12-01'],
    });
    expect(missingDays([])).toEqual({ count: 0, first: [] });
    expect(missingDays(['2026-12-02', '2026-12-02'])).toEqual({ count: 0, first: [] });
  });

  it('counts 3.65 million missing days between 0001-01-01 and 9999-12-31 and names only the first five', () => {
    const started = performance.now();
    expect(missingDays(['9999-12-31', '0001-01-01'])).toEqual({
      count: 3_652_057,
      first: ['0001-01-02', '0001-01-03', '0001-01-04', '0001-01-05', '0001-01-06'],
    });
    // The old list of every day took seconds and hundreds of MB; counting is immediate.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('names missing days past runs of present ones, stopping at the limit asked for', () => {
    const days = [
      '2026-11-01',
      '2026-11-02',
      '2026-11-04',
      '2026-11-05',
      '2026-11-07',
      '2026-11-09',
    ];
    expect(missingDays(days, 2)).toEqual({ count: 3, first: ['2026-11-03', '2026-11-06'] });
  });
});

describe('key figures', () => {
  it('reads each figure from its column', () => {
    const columns = {
      active_users: 'active_user_num',
      login_users: 'login_user_num',
      messages_up: 'up_msg_num',
      messages_down: 'down_msg_num',
      peak_online: 'max_online_num',
      new_registrations: 'regist_user_num_one_day',
      total_registrations: 'regist_user_num_total',
    } as const;
    const values = Object.fromEntries(
      Object.values(columns).map((column, i) => [column, BigInt(1000 + i)]),
    );
    const digest = digestOf([row(DAY, values)], { runDate: RUN_DATE });
    for (const [id, column] of Object.entries(columns)) {
      expect(digest.metrics.find((m) => m.id === id)?.value, id).toBe(Number(values[column]));
    }
  });

  it('labels every figure for people, and gives the callback rate in percent, the rest as counts', () => {
    const { metrics } = digestOf([row(DAY)], { runDate: RUN_DATE });
    for (const m of metrics) expect(m.label.trim(), m.id).not.toBe('');
    expect(new Set(metrics.map((m) => m.label)).size).toBe(metrics.length);
    expect(metrics.filter((m) => m.unit === 'percent').map((m) => m.id)).toEqual([
      'callback_success_rate',
    ]);
    expect(metrics.filter((m) => m.unit === 'count')).toHaveLength(metrics.length - 1);
  });

  it.each([
    ['responses were not requested', { callback_req: 1000n, callback_rsp: null }],
    ['requests were not requested', { callback_req: null, callback_rsp: 1000n }],
  ])('has no callback success rate when %s', (_case, counts) => {
    expect(metric([row(DAY, counts)], 'callback_success_rate')?.value).toBeNull();
  });
});

describe('changePoints', () => {
  it('is the difference in percentage points, two decimals, and null when either value is missing', () => {
    expect(changePoints(99.7, 99.96)).toBe(-0.26);
    expect(changePoints(100, 99.5)).toBe(0.5);
    expect(changePoints(null, 99.5)).toBeNull();
    expect(changePoints(99.5, null)).toBeNull();
  });
});
