import { describe, expect, it } from 'vitest';
import { SnapshotFormatError } from '../../functions/core/errors.js';
import { toDatedNdjson, toNdjson } from '../../functions/core/opsdata-rows.js';
import { parseDatedNdjson, parseSnapshotNdjson } from '../../functions/core/row-reader.js';
import { reportRow } from '../../tools/harness/report-fixture.js';

const FILE = 'snapshots/getappinfo/dt=2026-11-28/1400000001.json';

describe('parseSnapshotNdjson', () => {
  it('reads back what the pipeline writes, every bigint digit included', () => {
    const rows = [
      reportRow({
        stat_date: '2026-11-26',
        up_msg_num: 9007199254740993n,
        down_msg_num: 9223372036854775807n,
        active_user_num: 0n,
        invalid_fields: ['LoginTimes'],
        extra: { BrandNewNum: '5' },
      }),
      reportRow({ stat_date: '2026-11-27', app_name: '示例 "quoted" \n 🎉', company: null }),
    ];
    expect(parseSnapshotNdjson(toNdjson(rows), FILE)).toEqual(rows);
  });

  it('takes the digits of a column past 2^53 from that column, not from a nested key of its name', () => {
    const line = toNdjson([reportRow({ stat_date: '2026-11-27', up_msg_num: 9007199254740993n })]);
    const text = line.replace('}\n', ',"future":{"up_msg_num":9007199254740995}}\n');
    const [row] = parseSnapshotNdjson(text, FILE);
    expect(row?.up_msg_num).toBe(9007199254740993n);
  });

  it('is not fooled by a string that looks like a field', () => {
    const line = toNdjson([
      reportRow({ stat_date: '2026-11-27', app_name: '","up_msg_num":1,"x":"' }),
    ]);
    const [row] = parseSnapshotNdjson(line, FILE);
    expect(row?.up_msg_num).toBeNull();
    expect(row?.app_name).toBe('","up_msg_num":1,"x":"');
  });

  it('skips blank lines, ignores unknown keys and reads an absent optional column as null', () => {
    const text = `\n{"app_id":1,"stat_date":"2026-11-27","extracted_at":"2026-11-28T02:00:00.000Z","run_id":"r","schema_version":1,"future":{"a":[1]}}\n\n`;
    const [row] = parseSnapshotNdjson(text, FILE);
    expect(row).toMatchObject({ app_id: 1n, active_user_num: null, invalid_fields: [], extra: {} });
  });

  it('reads lines that end in CRLF and lines of only spaces as the blank lines they are', () => {
    const text = toNdjson([
      reportRow({ stat_date: '2026-11-26' }),
      reportRow({ stat_date: '2026-11-27' }),
    ]).replaceAll('\n', '\r\n');
    const rows = parseSnapshotNdjson(`  \r\n${text}\r\n \t \n`, FILE);
    expect(rows.map((row) => row.stat_date)).toEqual(['2026-11-26', '2026-11-27']);
  });

  it('takes a count written 5.0 or 5e0 as the integer it is, as a tool that wrote floats leaves it', () => {
    const line = toNdjson([reportRow({ stat_date: '2026-11-27', up_msg_num: 5n })]);
    expect(parseSnapshotNdjson(line.replace('"up_msg_num":5', '"up_msg_num":5.0'), FILE)).toEqual(
      parseSnapshotNdjson(line, FILE),
    );
    expect(parseSnapshotNdjson(line.replace('"up_msg_num":5', '"up_msg_num":5e0'), FILE)).toEqual(
      parseSnapshotNdjson(line, FILE),
    );
  });

  it('gives the file, the 1-based line and the cause as fields of the error', () => {
    const good = toNdjson([reportRow({ stat_date: '2026-11-27' })]);
    let error: unknown;
    try {
      parseSnapshotNdjson(`${good}\n{"app_id":1`, FILE);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SnapshotFormatError);
    expect(error).toMatchObject({ name: 'SnapshotFormatError', location: FILE, line: 3 });
    expect((error as SnapshotFormatError).cause).toBeInstanceOf(Error);
  });

  it('quotes a wrong value whole up to 40 characters, and its first 40 then … when longer', () => {
    const good = toNdjson([reportRow({ stat_date: '2026-11-27' })]);
    const within = `"${'x'.repeat(38)}"`;
    const over = `"${'y'.repeat(39)}"`;
    expect(() => parseSnapshotNdjson(`{"app_id":${within}}`, FILE)).toThrow(
      `line 1: app_id is ${within}: not an integer`,
    );
    expect(() => parseSnapshotNdjson(`${good}{"app_id":${over}}`, FILE)).toThrow(
      `line 2: app_id is "${'y'.repeat(39)}…: not an integer`,
    );
  });

  it.each([
    ['{"app_id":1', 'line 2: not JSON (Expected'],
    ['[1]', 'line 2: not a JSON object'],
    ['{"app_id":1.5}', 'line 2: app_id is 1.5: not an integer'],
    ['{"app_id":-1}', 'line 2: app_id is -1: not an integer'],
    ['{"app_id":1.5e300}', 'line 2: app_id is 1.5e300: not an integer'],
    ['{"app_id":9007199254740993.0}', 'line 2: app_id is 9007199254740993.0: not an integer'],
    ['{"app_id":"1"}', 'line 2: app_id is "1": not an integer'],
    ['{"app_id":1}', 'line 2: stat_date is missing'],
    ['{"app_id":null}', 'line 2: app_id is null'],
  ])('names the file and line of %j', (bad, message) => {
    const good = toNdjson([reportRow({ stat_date: '2026-11-27' })]);
    const run = () => parseSnapshotNdjson(`${good}${bad}\n`, FILE);
    expect(run).toThrow(SnapshotFormatError);
    expect(run).toThrow(`${FILE} ${message}`);
  });

  it.each([
    ['stat_date', '"2026-02-30"', 'not a date written YYYY-MM-DD'],
    ['extracted_at', '"yesterday"', 'not an ISO 8601 timestamp'],
    // Date.parse would take the number 2026 as the year 2026.
    ['extracted_at', '2026', 'not an ISO 8601 timestamp'],
    ['stat_date', '["2026-11-27"]', 'not a date written YYYY-MM-DD'],
    ['active_user_num', '"12"', 'not an integer'],
    ['app_name', '7', 'not a string'],
    ['invalid_fields', '[1]', 'not an array of strings'],
    ['extra', '{"a":1}', 'not an object of strings'],
    ['schema_version', '"1"', 'not an integer'],
  ])('rejects a %s of %s', (column, value, problem) => {
    const line = toNdjson([reportRow({ stat_date: '2026-11-27' })]).replace(
      new RegExp(`"${column}":(\\[\\]|\\{\\}|"[^"]*"|\\w+)`),
      `"${column}":${value}`,
    );
    expect(() => parseSnapshotNdjson(line, FILE)).toThrow(
      `line 1: ${column} is ${value}: ${problem}`,
    );
  });
});

describe('parseDatedNdjson', () => {
  const MONTH = 'snapshots/days/getappinfo/month=2026-11/1400000001.json';

  it('reads back the month layer: the snapshot columns and dt, digits past 2^53 kept', () => {
    const rows = [
      {
        ...reportRow({ stat_date: '2026-11-26', up_msg_num: 9007199254740993n }),
        dt: '2026-11-28',
      },
      { ...reportRow({ stat_date: '2026-11-27' }), dt: '2026-11-28' },
    ];
    expect(parseDatedNdjson(toDatedNdjson(rows), MONTH)).toEqual(rows);
  });

  it.each([
    ['missing', (line: string) => line.replace(/,"dt":"[^"]*"/, ''), 'dt is missing'],
    ['null', (line: string) => line.replace(/"dt":"[^"]*"/, '"dt":null'), 'dt is null'],
    [
      'not a day',
      (line: string) => line.replace(/"dt":"[^"]*"/, '"dt":"2026-11"'),
      'dt is "2026-11": not a date written YYYY-MM-DD',
    ],
  ])('rejects a line whose dt is %s', (_, change, problem) => {
    const line = change(
      toDatedNdjson([{ ...reportRow({ stat_date: '2026-11-26' }), dt: '2026-11-28' }]),
    );
    expect(() => parseDatedNdjson(line, MONTH)).toThrow(`${MONTH} line 1: ${problem}`);
  });
});
