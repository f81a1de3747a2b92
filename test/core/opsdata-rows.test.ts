import { describe, expect, it } from 'vitest';
import {
  parseCount,
  type RowContext,
  toDatedNdjson,
  toNdjson,
  toRow,
} from '../../functions/core/opsdata-rows.js';
import { COLUMNS, COUNT_FIELDS, SCHEMA_VERSION } from '../../functions/core/opsdata-schema.js';
import { parseStatDate, type ResultDay } from '../../functions/getappinfo/response.js';

const ctx: RowContext = {
  sdkAppId: 1400000000,
  requestFields: undefined,
  extractedAt: new Date('2026-11-28T02:00:03.123Z'),
  runId: 'run-1',
};

/** A `Result` element as the response parser hands it on (its Date already checked). */
function day(fields: Record<string, unknown>): ResultDay {
  const statDate = parseStatDate(fields.Date);
  if (statDate === undefined) throw new Error('test element without a valid Date');
  return { statDate, fields };
}

// Tencent's documented sample element (getappinfo page), every value a string.
const SAMPLE = {
  APNSMsgNum: '84',
  ActiveUserNum: '2014',
  AppId: '1104620500',
  AppName: 'Real-Time Communication Scenario Developer edition',
  C2CAPNSMsgNum: '84',
  C2CDownMsgNum: '11040',
  C2CSendMsgUserNum: '9',
  C2CUpMsgNum: '52209',
  CallBackReq: '73069',
  CallBackRsp: '72902',
  ChainDecrease: '16',
  ChainIncrease: '18',
  Company: 'Linye',
  Date: '20160607',
  DownMsgNum: '11869',
  GroupAPNSMsgNum: '0',
  GroupAllGroupNum: '41913',
  GroupDestroyGroupNum: '35019',
  GroupDownMsgNum: '829',
  GroupJoinGroupTimes: '121438',
  GroupNewGroupNum: '35904',
  GroupQuitGroupTimes: '108292',
  GroupSendMsgGroupNum: '5189',
  GroupSendMsgUserNum: '12',
  GroupUpMsgNum: '8433',
  LoginTimes: '13708',
  LoginUserNum: '2094',
  MaxOnlineNum: '62',
  RegistUserNumOneDay: '1052',
  RegistUserNumTotal: '53091',
  SendMsgUserNum: '19',
  UpMsgNum: '60642',
};

describe('parseCount', () => {
  it.each([
    ['0', 0n],
    ['2014', 2014n],
    ['007', 7n],
    ['9007199254740993', 9007199254740993n],
    ['9223372036854775807', 9223372036854775807n],
    [42, 42n],
  ])('reads %j as %s', (input, expected) => {
    expect(parseCount(input)).toBe(expected);
  });

  it('reads a count zero-padded past 20 characters as its value (found by fuzzing)', () => {
    expect(parseCount('000000000000010000000')).toBe(10000000n);
    expect(parseCount(`${'0'.repeat(30)}9223372036854775807`)).toBe(9223372036854775807n);
    expect(parseCount('0'.repeat(25))).toBe(0n);
    expect(parseCount(`${'0'.repeat(30)}9223372036854775808`)).toBeUndefined();
    expect(parseCount(`1${'0'.repeat(30)}`)).toBeUndefined();
  });

  it.each([
    ['-3'],
    ['abc'],
    ['1.5'],
    [''],
    [' 12'],
    ['9223372036854775808'],
    ['18446744073709551615'],
    [1.5],
    [-1],
    [null],
    [{}],
  ])('rejects %j', (input) => {
    expect(parseCount(input)).toBeUndefined();
  });
});

describe('toRow', () => {
  it('maps every documented field of the sample to its column', () => {
    const row = toRow(day(SAMPLE), ctx);
    expect(row.app_id).toBe(1400000000n);
    expect(row.app_name).toBe('Real-Time Communication Scenario Developer edition');
    expect(row.company).toBe('Linye');
    expect(row.api_app_id).toBe(1104620500n);
    expect(row.stat_date).toBe('2016-06-07');
    expect(row.active_user_num).toBe(2014n);
    expect(row.c2c_apns_msg_num).toBe(84n);
    expect(row.regist_user_num_one_day).toBe(1052n);
    expect(row.group_destroy_group_num).toBe(35019n);
    expect(row.callback_rsp).toBe(72902n);
    for (const f of COUNT_FIELDS) {
      expect(row[f.column], f.column).toBe(BigInt(SAMPLE[f.apiField as keyof typeof SAMPLE]));
    }
    expect(row.invalid_fields).toEqual([]);
    expect(row.extra).toEqual({});
    expect(row.extracted_at).toBe('2026-11-28T02:00:03.123Z');
    expect(row.run_id).toBe('run-1');
    expect(row.schema_version).toBe(SCHEMA_VERSION);
  });

  it('writes null for fields the request did not ask for, even if the API sent them', () => {
    const row = toRow(
      day({ ChainIncrease: '8', ChainDecrease: '8', Date: '20160605', ActiveUserNum: '5' }),
      { ...ctx, requestFields: ['ChainIncrease', 'ChainDecrease', 'Date'] },
    );
    expect(row.chain_increase).toBe(8n);
    expect(row.chain_decrease).toBe(8n);
    expect(row.active_user_num).toBeNull();
    expect(row.app_name).toBeNull();
    expect(row.invalid_fields).toEqual([]);
  });

  it('writes null and names the field in invalid_fields for a value that is not a non-negative integer', () => {
    const row = toRow(
      day({
        ...SAMPLE,
        ActiveUserNum: '-3',
        LoginTimes: 'abc',
        AppName: 7,
        AppId: '18446744073709551615',
      }),
      ctx,
    );
    expect(row.active_user_num).toBeNull();
    expect(row.login_times).toBeNull();
    expect(row.app_name).toBeNull();
    expect(row.api_app_id).toBeNull();
    expect(row.invalid_fields).toEqual(['AppName', 'AppId', 'ActiveUserNum', 'LoginTimes']);
    expect(row.login_user_num).toBe(2094n);
  });

  it('keeps an unknown field named __proto__ in extra (found by fuzzing)', () => {
    const fields = JSON.parse('{"Date":"20160607","__proto__":"x","constructor":{"a":1}}');
    const row = toRow({ statDate: '2016-06-07', fields }, ctx);
    expect(Object.keys(row.extra)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(row.extra, '__proto__')?.value).toBe('x');
    expect(toNdjson([row])).toContain('"extra":{"__proto__":"x","constructor":"{\\"a\\":1}"}');
  });

  it('keeps unknown fields in extra as strings', () => {
    const row = toRow(day({ ...SAMPLE, NewFancyNum: '12', Nested: { a: 1 } }), ctx);
    expect(row.extra).toEqual({ NewFancyNum: '12', Nested: '{"a":1}' });
  });
});

describe('toNdjson', () => {
  it('writes the documented sample as this exact line (a golden, written by hand from DESIGN.md)', () => {
    const line = toNdjson([
      toRow(day({ ...SAMPLE, UpMsgNum: '9223372036854775807', Extra1: 'x' }), ctx),
    ]);
    expect(line).toBe(
      '{"app_id":1400000000,"app_name":"Real-Time Communication Scenario Developer edition","company":"Linye",' +
        '"api_app_id":1104620500,"stat_date":"2016-06-07","active_user_num":2014,"regist_user_num_one_day":1052,' +
        '"regist_user_num_total":53091,"login_times":13708,"login_user_num":2094,"up_msg_num":9223372036854775807,' +
        '"send_msg_user_num":19,"apns_msg_num":84,"c2c_up_msg_num":52209,"c2c_down_msg_num":11040,' +
        '"c2c_send_msg_user_num":9,"c2c_apns_msg_num":84,"max_online_num":62,"down_msg_num":11869,' +
        '"chain_increase":18,"chain_decrease":16,"group_up_msg_num":8433,"group_down_msg_num":829,' +
        '"group_send_msg_user_num":12,"group_apns_msg_num":0,"group_send_msg_group_num":5189,' +
        '"group_join_group_times":121438,"group_quit_group_times":108292,"group_new_group_num":35904,' +
        '"group_all_group_num":41913,"group_destroy_group_num":35019,"callback_req":73069,"callback_rsp":72902,' +
        '"invalid_fields":[],"extra":{"Extra1":"x"},"extracted_at":"2026-11-28T02:00:03.123Z","run_id":"run-1",' +
        '"schema_version":1}\n',
    );
  });

  it('writes one line per row with keys in column order and exact big integers', () => {
    const big = toRow(day({ ...SAMPLE, UpMsgNum: '9007199254740993' }), ctx);
    const text = toNdjson([big, toRow(day({ ...SAMPLE, Date: '20160606' }), ctx)]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]).toContain('"up_msg_num":9007199254740993,');
    // A plain JSON.parse would round this value; the digits on disk must be exact.
    const keys = Object.keys(JSON.parse(lines[0] ?? ''));
    expect(keys).toEqual(COLUMNS.map((c) => c.name));
    const parsed = JSON.parse(lines[1] ?? '');
    expect(parsed.stat_date).toBe('2016-06-06');
    expect(parsed.active_user_num).toBe(2014);
    expect(parsed.invalid_fields).toEqual([]);
    expect(parsed.extra).toEqual({});
  });

  it('writes null for absent values and escapes strings', () => {
    const row = toRow(day({ Date: '20160605', AppName: 'say "hi"\n' }), ctx);
    const parsed = JSON.parse(toNdjson([row]));
    expect(parsed.app_name).toBe('say "hi"\n');
    expect(parsed.active_user_num).toBeNull();
  });

  it('writes nothing for no rows', () => {
    expect(toNdjson([])).toBe('');
  });
});

describe('toDatedNdjson', () => {
  it('writes a snapshot line with dt appended as the last key', () => {
    const row = toRow(day({ ...SAMPLE, UpMsgNum: '9223372036854775807' }), ctx);
    const snapshot = toNdjson([row]);
    expect(toDatedNdjson([{ ...row, dt: '2026-11-28' }])).toBe(
      `${snapshot.slice(0, -2)},"dt":"2026-11-28"}\n`,
    );
    expect(toDatedNdjson([])).toBe('');
  });
});

describe('toRow: fields the API left out', () => {
  it('writes null without flagging a requested field the API did not send or sent as null', () => {
    const row = toRow(day({ Date: '20160605', ActiveUserNum: null, AppName: null }), {
      ...ctx,
      requestFields: ['ActiveUserNum', 'AppName', 'UpMsgNum', 'Company', 'Date'],
    });
    expect(row.active_user_num).toBeNull();
    expect(row.up_msg_num).toBeNull();
    expect(row.app_name).toBeNull();
    expect(row.company).toBeNull();
    expect(row.invalid_fields).toEqual([]);
  });
});

describe('parseCount: JSON numbers and other types', () => {
  it.each([
    ['a number past 2^53, whose digits JSON.parse already lost', 2 ** 60],
    ['an array holding a count', ['12']],
    ['an array holding a number', [12]],
    ['true', true],
    ['NaN', Number.NaN],
  ])('rejects %s', (_name, value) => {
    expect(parseCount(value)).toBeUndefined();
  });
});
