/**
 * Athena conformance, offline: snapshots taken through the real pipeline from the simulator (which
 * merges them into the month layer) are read by DuckDB with the types of the synthesized Glue
 * tables, then the view and every named query run exactly as deployed (decoded from the template)
 * and are checked against values computed here in TypeScript from the snapshot files themselves,
 * and against what the view as it was, over the snapshot table, answers.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedApp } from '../../simulator/server.js';
import {
  createAthenaTables,
  deployedAnalytics,
  duckType,
  snapshotSimulator,
} from '../../tools/harness/duckdb-athena.js';

const { table, monthTable, view, namedQueries } = deployedAnalytics();
const queries = new Map(namedQueries.map((q) => [q.Name, q.QueryString]));

/** A Joda pattern from `timestamp.formats` as a regex over the text it accepts. */
function jodaRegex(pattern: string): RegExp {
  const body = pattern
    .split(/('[^']*')/)
    .map((part) =>
      part.startsWith("'")
        ? part.slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        : part.replace(/yyyy|MM|dd|HH|mm|ss|SSS|[-:.]/g, (t) =>
            t === 'yyyy'
              ? '\\d{4}'
              : t === 'SSS'
                ? '\\d{3}'
                : /[-:.]/.test(t)
                  ? `\\${t}`
                  : '\\d{2}',
          ),
    )
    .join('');
  return new RegExp(`^${body}$`);
}

// Two apps; the second is small. Old run: a RequestField subset. New run: all fields, plus an
// unknown field, an invalid value, a revised count and integers past 2^53 — as the API might.
const APP_A = 1400000001;
const APP_B = 1400000002;
const OLD_NOW = new Date('2026-11-20T02:00:00.000Z');
const NEW_NOW = new Date('2026-11-27T02:00:03.123Z');
const OLD_FIELDS = ['AppName', 'ActiveUserNum', 'MaxOnlineNum', 'RegistUserNumTotal', 'Date'];
const INVALID_DAY = '20261120';
const BIG_DAY = '20261125';
const BIG_GROUPS = '9007199254740993'; // 2^53 + 1: a double would read 9007199254740992
const BIG_CALLBACKS = '9223372036854775807'; // the largest bigint
let phase: 'old' | 'new' = 'old';

const apps: SimulatedApp[] = [
  {
    sdkAppId: APP_A,
    adminIdentifier: 'administrator',
    secretKey: '68a4aaeedf917750640da55de647699fa0d898eee3325e854243ff9ed368f299',
    appName: 'Demo Chat',
    company: 'Example Corp',
    customize: (row, date) => {
      if (phase === 'old') return row;
      const revised = { ...row, ActiveUserNum: String(Number(row.ActiveUserNum) + 7) };
      return {
        ...revised,
        NewMetricNum: '42',
        ...(date === INVALID_DAY ? { LoginTimes: '12.5' } : {}),
      };
    },
  },
  {
    sdkAppId: APP_B,
    adminIdentifier: 'administrator',
    secretKey: '51c4f46d619ee28f23d94be7caac6dfc408431030a4050159ad980fb6ad71fb7',
    appName: 'Demo Live',
    company: 'Example Corp',
    customize: (row, date) =>
      phase === 'new' && date === BIG_DAY
        ? { ...row, GroupAllGroupNum: BIG_GROUPS, CallBackReq: BIG_CALLBACKS }
        : row,
  },
];

/** One row as written, big integers kept as bigint (JSON.parse would round them). */
type FileRow = Record<string, unknown> & { dt: string };
let dir: string;
let files: FileRow[];
let db: DuckDBConnection;
let instance: DuckDBInstance;

async function readFiles(): Promise<FileRow[]> {
  const rows: FileRow[] = [];
  const base = join(dir, 'getappinfo');
  for (const part of await readdir(base)) {
    for (const name of await readdir(join(base, part))) {
      const text = await readFile(join(base, part, name), 'utf8');
      for (const line of text.split('\n').filter(Boolean)) {
        const safe = line.replace(/(?<=[:[,])(\d{16,})(?=[,\]}])/g, '"$1"');
        const row = JSON.parse(safe) as Record<string, unknown>;
        for (const [k, v] of Object.entries(row)) {
          if (typeof v === 'string' && /^\d{16,}$/.test(v)) row[k] = BigInt(v);
          else if (typeof v === 'number') row[k] = BigInt(v);
        }
        rows.push({ ...row, dt: part.replace('dt=', '') });
      }
    }
  }
  return rows;
}

async function all(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const round1 = (x: number) => Math.round(x * 10) / 10;

/** The view's answer computed independently: per (app, day) the row of the newest snapshot. */
function expectedLatest(): FileRow[] {
  const best = new Map<string, FileRow>();
  for (const row of files) {
    const key = `${row.app_id}|${row.stat_date}`;
    const seen = best.get(key);
    const newer =
      !seen ||
      row.dt > seen.dt ||
      (row.dt === seen.dt && String(row.extracted_at) > String(seen.extracted_at));
    if (newer) best.set(key, row);
  }
  return [...best.values()].sort((a, b) =>
    a.app_id === b.app_id
      ? String(a.stat_date).localeCompare(String(b.stat_date))
      : Number(a.app_id) - Number(b.app_id),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'athena-sql-'));
  phase = 'old';
  await snapshotSimulator({ dir, apps, now: OLD_NOW, requestFields: OLD_FIELDS, runId: 'run-old' });
  phase = 'new';
  await snapshotSimulator({ dir, apps, now: NEW_NOW, runId: 'run-new' });
  files = await readFiles();

  instance = await DuckDBInstance.create();
  db = await instance.connect();
  // The Glue tables as Athena sees them: columns and types come from the synthesized template.
  // "Today" is the day after the newest snapshot's last day, as on the day of that run.
  await createAthenaTables(
    db,
    dir,
    { table, monthTable, view },
    { today: '2026-11-27', schemaOverSnapshots: 'before' },
  );
});

afterAll(async () => {
  db?.closeSync();
  instance?.closeSync();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the Glue table over real snapshots', () => {
  it('reads every written row under the deployed types, and nothing from raw/', async () => {
    const [count] = await all(`SELECT count(*) AS n FROM ${table.Name}`);
    expect(files).toHaveLength(2 * 2 * 30);
    expect(Number(count?.n)).toBe(files.length);
    const types = await all(`SELECT * FROM (DESCRIBE ${table.Name})`);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual(
      [...table.StorageDescriptor.Columns, ...table.PartitionKeys].map((c) => [
        c.Name,
        duckType(c.Type),
      ]),
    );
  });

  it('keeps integers past 2^53 exact', async () => {
    const rows = await all(
      `SELECT dt, group_all_group_num, callback_req FROM ${table.Name}
       WHERE app_id = ${APP_B} AND stat_date = DATE '2026-11-25'`,
    );
    expect(rows).toEqual([
      { dt: '2026-11-27', group_all_group_num: BIG_GROUPS, callback_req: BIG_CALLBACKS },
    ]);
  });

  it('holds nulls for fields the request did not ask for, values for those it did', async () => {
    const [old] = await all(
      `SELECT count(*) AS n, count(active_user_num) AS active, count(regist_user_num_total) AS total,
         count(login_times) AS logins, count(company) AS company, count(api_app_id) AS api_app_id
       FROM ${table.Name} WHERE dt = DATE '2026-11-20'`,
    );
    expect(old).toEqual({
      n: '60',
      active: '60',
      total: '60',
      logins: '0',
      company: '0',
      api_app_id: '0',
    });
  });

  it('nulls an invalid value and names it in invalid_fields; keeps unknown fields in extra', async () => {
    const rows = await all(
      `SELECT stat_date, login_times, invalid_fields, extra['NewMetricNum'] AS new_metric,
         cardinality(extra) AS extras
       FROM ${table.Name} WHERE app_id = ${APP_A} AND dt = DATE '2026-11-27'
         AND stat_date IN (DATE '2026-11-20', DATE '2026-11-21') ORDER BY stat_date`,
    );
    expect(rows).toEqual([
      {
        stat_date: '2026-11-20',
        login_times: null,
        invalid_fields: ['LoginTimes'],
        new_metric: '42',
        extras: '1',
      },
      {
        stat_date: '2026-11-21',
        login_times: expect.stringMatching(/^\d+$/),
        invalid_fields: [],
        new_metric: '42',
        extras: '1',
      },
    ]);
  });

  it('reads extracted_at as the UTC instant written, in a format the SerDe patterns accept', async () => {
    const patterns = (table.StorageDescriptor.SerdeInfo.Parameters?.['timestamp.formats'] ?? '')
      .split(',')
      .map(jodaRegex);
    expect(patterns).toHaveLength(2);
    expect(files.length).toBeGreaterThan(0);
    for (const row of files) {
      expect(patterns.some((p) => p.test(String(row.extracted_at)))).toBe(true);
    }
    const rows = await all(
      `SELECT DISTINCT dt, extracted_at, schema_version FROM ${table.Name} ORDER BY dt`,
    );
    expect(rows).toEqual([
      { dt: '2026-11-20', extracted_at: '2026-11-20 02:00:00', schema_version: 1 },
      { dt: '2026-11-27', extracted_at: '2026-11-27 02:00:03.123', schema_version: 1 },
    ]);
  });
});

describe('the month table over the month objects the runs merged', () => {
  it('holds one row per app and day, each the newest snapshot’s, with its dt and month', async () => {
    const rows = await all(
      `SELECT app_id, stat_date, dt, month, run_id, active_user_num FROM ${monthTable.Name}
       ORDER BY app_id, stat_date`,
    );
    expect(rows).toEqual(
      expectedLatest().map((r) => ({
        app_id: String(r.app_id),
        stat_date: r.stat_date,
        dt: r.dt,
        month: String(r.stat_date).slice(0, 7),
        run_id: r.run_id,
        active_user_num: str(r.active_user_num),
      })),
    );
  });

  it('declares the snapshot columns and dt, then the month partition, as DuckDB reads them', async () => {
    const types = await all(`SELECT * FROM (DESCRIBE ${monthTable.Name})`);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual(
      [...monthTable.StorageDescriptor.Columns, ...monthTable.PartitionKeys].map((c) => [
        c.Name,
        duckType(c.Type),
      ]),
    );
    expect(monthTable.PartitionKeys.map((c) => [c.Name, c.Type])).toEqual([['month', 'string']]);
  });

  it('keeps integers past 2^53 exact', async () => {
    const rows = await all(
      `SELECT group_all_group_num, callback_req FROM ${monthTable.Name}
       WHERE app_id = ${APP_B} AND stat_date = DATE '2026-11-25'`,
    );
    expect(rows).toEqual([{ group_all_group_num: BIG_GROUPS, callback_req: BIG_CALLBACKS }]);
  });
});

describe('the view and the saved queries over the month layer, against the snapshots', () => {
  /** Rows of `sql` with unqualified names resolved in `schema`. */
  async function inSchema(schema: string, sql: string) {
    await db.run(`SET schema = '${schema}'`);
    try {
      return await all(sql);
    } finally {
      await db.run(`SET schema = 'main'`);
    }
  }

  it('the view answers, row for row, what the view over every snapshot answered', async () => {
    const sql = `SELECT * FROM ${view.Name} ORDER BY app_id, stat_date`;
    const now = await inSchema('main', sql);
    expect(now).toHaveLength(2 * 37);
    expect(now).toEqual(await inSchema('before', sql));
  });

  it.each(namedQueries.map((q) => [q.Name, q.QueryString]))(
    '%s returns over the month layer what it returns over the snapshots',
    async (_name, sql) => {
      const now = await inSchema('main', sql);
      expect(now.length).toBeGreaterThan(0);
      expect(now).toEqual(await inSchema('before', sql));
    },
  );

  it('Latest day per app reads the months from 31 days back: nothing when they are empty', async () => {
    const sql = queries.get('Latest day per app') ?? '';
    await db.run(`CREATE OR REPLACE TEMP MACRO current_date() AS DATE '2027-01-05'`);
    try {
      expect(await all(sql)).toEqual([]);
      // On 2026-12-31, 31 days back is still November.
      await db.run(`CREATE OR REPLACE TEMP MACRO current_date() AS DATE '2026-12-31'`);
      expect((await all(sql)).map((r) => r.stat_date)).toEqual(['2026-11-26', '2026-11-26']);
      // Both reads open November's two objects only, not October's: the filter prunes folders.
      const plan = (await db.runAndReadAll(`EXPLAIN ANALYZE ${sql}`)).getRows().join('\n');
      expect([...plan.matchAll(/Total Files Read:[\s│]*(\d+)/g)].map((m) => m[1])).toEqual([
        '2',
        '2',
      ]);
      expect([...plan.matchAll(/Scanning Files: (\d+\/\d+)/g)].map((m) => m[1])).toEqual([
        '2/4',
        '2/4',
      ]);
    } finally {
      await db.run(`CREATE OR REPLACE TEMP MACRO current_date() AS DATE '2026-11-27'`);
    }
  });
});

describe('the latest-snapshot view, as deployed', () => {
  it('returns one row per app and day', async () => {
    const rows = await all(
      `SELECT app_id, stat_date, count(*) AS n FROM ${view.Name} GROUP BY ALL`,
    );
    // 30 days each, 23 of them overlapping: 37 distinct days per app.
    expect(rows).toHaveLength(2 * 37);
    expect(rows.every((r) => r.n === '1')).toBe(true);
  });

  it('takes every value from the newest snapshot that holds the day', async () => {
    const rows = await all(
      `SELECT app_id, stat_date, dt, run_id, active_user_num, login_times FROM ${view.Name}
       ORDER BY app_id, stat_date`,
    );
    expect(rows).toEqual(
      expectedLatest().map((r) => ({
        app_id: String(r.app_id),
        stat_date: r.stat_date,
        dt: r.dt,
        run_id: r.run_id,
        active_user_num: str(r.active_user_num),
        login_times: str(r.login_times),
      })),
    );
    const overlap = rows.filter((r) => r.stat_date === '2026-11-19');
    expect(overlap.map((r) => r.run_id)).toEqual(['run-new', 'run-new']);
    const onlyOld = rows.filter((r) => r.stat_date === '2026-10-21');
    expect(onlyOld.map((r) => [r.run_id, r.login_times])).toEqual([
      ['run-old', null],
      ['run-old', null],
    ]);
  });

  it('exposes the columns the Glue view declares, in order', async () => {
    const described = await all(`SELECT * FROM (DESCRIBE ${view.Name})`);
    expect(described.map((d) => d.column_name)).toEqual(
      view.StorageDescriptor.Columns.map((c) => c.Name),
    );
  });
});

describe('named queries, as deployed', () => {
  const run = async (name: string) => {
    const sql = queries.get(name);
    if (!sql) throw new Error(`no named query "${name}"`);
    return all(sql);
  };

  it('Daily active users trend: each day with the mean of the last 7 days present', async () => {
    const latest = expectedLatest();
    const expected = latest.map((r) => {
      const same = latest.filter(
        (o) => o.app_id === r.app_id && String(o.stat_date) <= String(r.stat_date),
      );
      const window = same
        .slice(-7)
        .map((o) => num(o.active_user_num))
        .filter((v) => v !== null);
      const mean = window.reduce((a, b) => a + b, 0) / window.length;
      return {
        app_id: String(r.app_id),
        app_name: r.app_name,
        stat_date: r.stat_date,
        active_user_num: str(r.active_user_num),
        active_user_num_7d_avg: round1(mean),
      };
    });
    const rows = await run('Daily active users trend');
    expect(rows.map(({ active_user_num_7d_avg: _, ...r }) => r)).toEqual(
      expected.map(({ active_user_num_7d_avg: _, ...r }) => r),
    );
    for (const [i, r] of rows.entries()) {
      const want = expected[i]?.active_user_num_7d_avg ?? Number.NaN;
      expect(r.active_user_num_7d_avg).toBeCloseTo(want, 1);
    }
  });

  it('Messages up and down, C2C vs group, by day: the four counts per app and day', async () => {
    const rows = await run('Messages up and down, C2C vs group, by day');
    const cols = [
      'c2c_up_msg_num',
      'c2c_down_msg_num',
      'group_up_msg_num',
      'group_down_msg_num',
      'up_msg_num',
      'down_msg_num',
    ];
    expect(rows).toEqual(
      expectedLatest().map((r) => ({
        app_id: String(r.app_id),
        app_name: r.app_name,
        stat_date: r.stat_date,
        ...Object.fromEntries(cols.map((c) => [c, str(r[c])])),
      })),
    );
    // Days only the old, RequestField-limited snapshot holds carry no message counts.
    expect(rows.find((r) => r.stat_date === '2026-10-21')?.c2c_up_msg_num).toBeNull();
  });

  it('New registrations and total users: new, total and the change in total', async () => {
    const latest = expectedLatest();
    const rows = await run('New registrations and total users');
    expect(rows).toEqual(
      latest.map((r, i) => {
        const prev = latest[i - 1];
        const total = num(r.regist_user_num_total);
        const prevTotal = prev && prev.app_id === r.app_id ? num(prev.regist_user_num_total) : null;
        return {
          app_id: String(r.app_id),
          app_name: r.app_name,
          stat_date: r.stat_date,
          new_users: str(r.regist_user_num_one_day),
          total_users: str(r.regist_user_num_total),
          total_users_change:
            total === null || prevTotal === null ? null : String(total - prevTotal),
        };
      }),
    );
  });

  it('Peak concurrent users: the highest max_online_num per app and its latest day', async () => {
    const peaks = [APP_A, APP_B].map((app) => {
      const days = expectedLatest().filter(
        (r) => Number(r.app_id) === app && r.max_online_num !== null,
      );
      const peak = Math.max(...days.map((r) => Number(r.max_online_num)));
      const day = days.filter((r) => Number(r.max_online_num) === peak).at(-1);
      return {
        app_id: String(app),
        app_name: day?.app_name,
        peak_date: day?.stat_date,
        peak_online_users: String(peak),
      };
    });
    expect(await run('Peak concurrent users')).toEqual(peaks);
  });

  it('Latest day per app: the newest day from the newest snapshot', async () => {
    const rows = await run('Latest day per app');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const expected = expectedLatest()
        .filter((r) => String(r.app_id) === row.app_id)
        .at(-1);
      expect(row).toMatchObject({
        stat_date: '2026-11-26',
        snapshot_date: '2026-11-27',
        extracted_at: '2026-11-27 02:00:03.123',
        active_user_num: str(expected?.active_user_num),
        max_online_num: str(expected?.max_online_num),
      });
    }
  });

  it('Week-over-week change: each day against the same weekday a week before, in percent', async () => {
    const latest = expectedLatest();
    const pct = (cur: unknown, prev: unknown) => {
      const [c, p] = [num(cur), num(prev)];
      return c === null || p === null || p === 0 ? null : round1(((c - p) * 100) / p);
    };
    const expected = latest.flatMap((cur) => {
      const weekAgo = new Date(Date.parse(`${cur.stat_date}T00:00:00Z`) - 7 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const prev = latest.find((p) => p.app_id === cur.app_id && p.stat_date === weekAgo);
      if (!prev) return [];
      return [
        {
          app_id: String(cur.app_id),
          stat_date: cur.stat_date,
          active_user_num_change_pct: pct(cur.active_user_num, prev.active_user_num),
          up_msg_num_change_pct: pct(cur.up_msg_num, prev.up_msg_num),
          regist_user_num_one_day_change_pct: pct(
            cur.regist_user_num_one_day,
            prev.regist_user_num_one_day,
          ),
        },
      ];
    });
    const rows = await run('Week-over-week change');
    // 37 days per app, the first 7 have no week-ago day.
    expect(rows).toHaveLength(2 * 30);
    expect(rows.map((r) => [r.app_id, r.stat_date])).toEqual(
      expected.map((e) => [e.app_id, e.stat_date]),
    );
    rows.forEach((row, i) => {
      const want = expected[i];
      for (const key of [
        'active_user_num_change_pct',
        'up_msg_num_change_pct',
        'regist_user_num_one_day_change_pct',
      ] as const) {
        if (want?.[key] === null) expect(row[key]).toBeNull();
        else expect(row[key]).toBeCloseTo(want?.[key] ?? Number.NaN, 1);
      }
    });
  });
});
