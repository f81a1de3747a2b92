import { describe, expect, it } from 'vitest';
import { SnapshotFormatError } from '../../functions/core/errors.js';
import { toDatedNdjson } from '../../functions/core/opsdata-rows.js';
import type { DatedRow } from '../../functions/core/opsdata-schema.js';
import {
  byMonth,
  MAX_MONTH_OBJECT_BYTES,
  mergedMonthBody,
  parseMonthObject,
} from '../../functions/months/month-object.js';
import { reportRow } from '../../tools/harness/report-fixture.js';

const row = (day: string, dt: string, fields: Partial<DatedRow> = {}): DatedRow => ({
  ...reportRow({ stat_date: day }),
  dt,
  ...fields,
});
const NOVEMBER = { sdkAppId: 1400000001, month: '2026-11' };
const WHERE = 'days/getappinfo/month=2026-11/1400000001.json';

describe('byMonth', () => {
  it('groups rows by the month of stat_date, months in order, rows as they came', () => {
    const rows = [
      row('2026-12-01', 'x'),
      row('2026-11-30', 'x'),
      row('2026-12-02', 'x'),
      row('2026-10-31', 'x'),
    ];
    expect([...byMonth(rows)].map(([m, r]) => [m, r.map((x) => x.stat_date)])).toEqual([
      ['2026-10', ['2026-10-31']],
      ['2026-11', ['2026-11-30']],
      ['2026-12', ['2026-12-01', '2026-12-02']],
    ]);
  });
});

describe('mergedMonthBody', () => {
  it('writes one line per day, sorted by stat_date, newest snapshot first, dt as the last key', () => {
    const current = [
      row('2026-11-03', '2026-11-10', { active_user_num: 3n }),
      row('2026-11-05', '2026-11-10', { active_user_num: 5n }),
    ];
    const incoming = [
      row('2026-11-05', '2026-11-12', { active_user_num: 50n }),
      row('2026-11-01', '2026-11-12', { active_user_num: 1n }),
    ];
    const body = mergedMonthBody(current, incoming);
    const lines = body.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l).stat_date)).toEqual([
      '2026-11-01',
      '2026-11-03',
      '2026-11-05',
    ]);
    expect(lines.map((l) => JSON.parse(l).active_user_num)).toEqual([1, 3, 50]);
    expect(
      lines.every((l) => l.endsWith(',"dt":"2026-11-12"}') || l.endsWith(',"dt":"2026-11-10"}')),
    ).toBe(true);
    expect(Object.keys(JSON.parse(lines[0] ?? '{}')).at(-1)).toBe('dt');
    expect(body.endsWith('\n')).toBe(true);
  });

  it('gives the same bytes when merged again with rows it already holds', () => {
    const body = mergedMonthBody(
      [],
      [row('2026-11-02', '2026-11-12'), row('2026-11-01', '2026-11-12')],
    );
    const again = mergedMonthBody(parseMonthObject(body, WHERE, NOVEMBER), [
      row('2026-11-01', '2026-11-12'),
    ]);
    expect(again).toBe(body);
  });
});

describe('parseMonthObject', () => {
  it('reads back what the merge writes, digits past 2^53 included, from bytes or text', () => {
    const rows = [
      row('2026-11-01', '2026-11-12', {
        up_msg_num: 9007199254740993n,
        callback_req: 9223372036854775807n,
      }),
      row('2026-11-02', '2026-11-12', { app_name: '示例 "quoted" 🎉', extra: { NewNum: '7' } }),
    ];
    const body = toDatedNdjson(rows);
    expect(parseMonthObject(body, WHERE, NOVEMBER)).toEqual(rows);
    expect(parseMonthObject(new TextEncoder().encode(body), WHERE, NOVEMBER)).toEqual(rows);
  });

  it.each([
    [
      'a row of another app',
      [row('2026-11-01', 'd', { app_id: 1400000002n })],
      'row 1: app_id 1400000002 in the object of app 1400000001',
    ],
    [
      'a day of another month',
      [row('2026-11-01', 'd'), row('2026-12-01', 'd')],
      'row 2: stat_date 2026-12-01 in the object of month 2026-11',
    ],
    [
      'a day twice',
      [row('2026-11-01', 'd'), row('2026-11-01', 'd')],
      'row 2: stat_date 2026-11-01 a second time',
    ],
  ])('rejects %s, naming the object and the row', (_, rows, problem) => {
    const body = toDatedNdjson(rows.map((r) => ({ ...r, dt: '2026-11-12' })));
    expect(() => parseMonthObject(body, WHERE, NOVEMBER)).toThrow(SnapshotFormatError);
    expect(() => parseMonthObject(body, WHERE, NOVEMBER)).toThrow(`${WHERE}, ${problem}`);
    expect(() => parseMonthObject(body, WHERE, NOVEMBER)).toThrow(
      expect.objectContaining({ location: WHERE }),
    );
  });

  it('rejects a line without dt (a snapshot copied into the month layer)', () => {
    const line = toDatedNdjson([row('2026-11-01', '2026-11-12')]).replace(',"dt":"2026-11-12"', '');
    expect(() => parseMonthObject(line, WHERE, NOVEMBER)).toThrow(`${WHERE} line 1: dt is missing`);
  });

  it('rejects bytes that are not UTF-8, and an object too big to be a month, before parsing', () => {
    const notUtf8 = () => parseMonthObject(new Uint8Array([0x7b, 0xff, 0x7d]), WHERE, NOVEMBER);
    expect(notUtf8).toThrow(`${WHERE} is not UTF-8 text`);
    expect(notUtf8).toThrow(
      expect.objectContaining({ location: WHERE, cause: expect.any(TypeError) }),
    );
    const huge = new Uint8Array(MAX_MONTH_OBJECT_BYTES + 1).fill(0x20);
    const tooBig = () => parseMonthObject(huge, WHERE, NOVEMBER);
    expect(tooBig).toThrow(
      `${WHERE} is ${MAX_MONTH_OBJECT_BYTES + 1} bytes, more than a month object can be`,
    );
    expect(tooBig).toThrow(expect.objectContaining({ location: WHERE }));
  });

  it('counts a text body in UTF-8 bytes, not characters, against the limit', () => {
    // 3 bytes each in UTF-8: a third of the limit in characters is just over it in bytes.
    const text = '示'.repeat(Math.floor(MAX_MONTH_OBJECT_BYTES / 3) + 1);
    expect(() => parseMonthObject(text, WHERE, NOVEMBER)).toThrow(
      `${WHERE} is ${Buffer.byteLength(text)} bytes, more than a month object can be`,
    );
  });

  it('reads an object of exactly the limit', () => {
    const padded = (pad: string) =>
      toDatedNdjson([row('2026-11-01', '2026-11-12', { extra: { Pad: pad } })]);
    const body = padded('x'.repeat(MAX_MONTH_OBJECT_BYTES - padded('').length));
    expect(Buffer.byteLength(body)).toBe(MAX_MONTH_OBJECT_BYTES);
    expect(parseMonthObject(body, WHERE, NOVEMBER)).toHaveLength(1);
  });

  it('reads an empty object as no rows', () => {
    expect(parseMonthObject('', WHERE, NOVEMBER)).toEqual([]);
  });
});
