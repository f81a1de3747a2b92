import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/core/dates.js';
import { ConfigError } from '../../functions/core/errors.js';
import { COUNT_FIELDS, type OpsdataRow } from '../../functions/core/opsdata-schema.js';
import {
  DEFAULT_RULES,
  parseRuleSettings,
  ruleFlagsToOverrides,
} from '../../functions/digest/anomaly-rules.js';
import { digestOf } from '../../functions/digest/digest.js';

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

describe('anomaly rules', () => {
  const anomalies = (rows: OpsdataRow[], runDate = RUN_DATE, rules = DEFAULT_RULES) =>
    digestOf(rows, { runDate, rules }).anomalies;
  const rules = (rows: OpsdataRow[]) => anomalies(rows).map((a) => a.rule);

  it('dau_drop fires at 70 % of the same weekday a week earlier, with the numbers and dates', () => {
    const rows = fortnight((o) =>
      o === 0 ? { active_user_num: 70n } : o === -7 ? { active_user_num: 100n } : {},
    );
    expect(anomalies(rows)).toEqual([
      {
        rule: 'dau_drop',
        day: DAY,
        message:
          'Active users fell to 70 on Fri 2026-11-27, 70.0 % of 100 on Fri 2026-11-20 a week earlier (dau_drop: ≤ 70.0 %).',
        value: 70,
        baseline: 100,
        baselineDay: '2026-11-20',
      },
    ]);
  });

  it.each([
    ['71 % of the baseline', 71n, 100n],
    ['a baseline under 20', 1n, 19n],
  ])('dau_drop stays quiet at %s', (_case, value, weekAgo) => {
    const rows = fortnight((o) =>
      o === 0 ? { active_user_num: value } : o === -7 ? { active_user_num: weekAgo } : {},
    );
    expect(rules(rows)).toEqual([]);
  });

  it.each([
    ['messages_drop at 50 %', 500n, 1000n, ['messages_drop']],
    ['nothing at 51 %', 510n, 1000n, []],
    ['messages_spike at 3×', 3000n, 1000n, ['messages_spike']],
    ['nothing at 2.9×', 2900n, 1000n, []],
    ['nothing under a baseline of 100', 1000n, 99n, []],
  ])('messages up: %s', (_case, value, weekAgo, expected) => {
    const rows = fortnight((o) =>
      o === 0 ? { up_msg_num: value } : o === -7 ? { up_msg_num: weekAgo } : {},
    );
    expect(rules(rows)).toEqual(expected);
  });

  it('compares nothing with a week-earlier 0, even with minBaseline 0 (found by fuzzing: "NaN×")', () => {
    const rules = parseRuleSettings({
      messages_spike: { minBaseline: 0 },
      messages_drop: { minBaseline: 0 },
      dau_drop: { minBaseline: 0 },
    });
    for (const value of [0n, 5n]) {
      const rows = fortnight((o) =>
        o === 0
          ? { up_msg_num: value, active_user_num: value }
          : o === -7
            ? { up_msg_num: 0n, active_user_num: 0n }
            : {},
      );
      expect(anomalies(rows, RUN_DATE, rules)).toEqual([]);
    }
  });

  it('messages_spike says how many times the baseline', () => {
    const rows = fortnight((o) =>
      o === 0 ? { up_msg_num: 12_345n } : o === -7 ? { up_msg_num: 1000n } : {},
    );
    expect(anomalies(rows)[0]?.message).toBe(
      'Messages up rose to 12,345 on Fri 2026-11-27, 12.3× of 1,000 on Fri 2026-11-20 a week earlier (messages_spike: ≥ 3×).',
    );
  });

  it.each([
    ['fires below 99 % with 100 requests', 100n, 98n, ['callback_failures']],
    ['stays quiet at 99 %', 100n, 99n, []],
    ['stays quiet under 100 requests', 99n, 0n, []],
  ])('callback_failures %s', (_case, req, rsp, expected) => {
    const rows = fortnight((o) => (o === 0 ? { callback_req: req, callback_rsp: rsp } : {}));
    expect(rules(rows)).toEqual(expected);
  });

  it('callback_failures names the responses, the requests and the rate', () => {
    const rows = fortnight((o) => (o === 0 ? { callback_req: 10_000n, callback_rsp: 9_720n } : {}));
    expect(anomalies(rows)[0]?.message).toBe(
      'Callbacks on Fri 2026-11-27: 9,720 responses to 10,000 requests, 97.2 % answered (callback_failures: < 99.0 %).',
    );
  });

  it('data_late fires when the newest day is older than the day before the run date', () => {
    expect(rules(fortnight())).toEqual([]);
    expect(anomalies(fortnight(), '2026-11-30')).toEqual([
      expect.objectContaining({
        rule: 'data_late',
        day: '2026-11-29',
        message:
          'The newest day is Fri 2026-11-27, 2 day(s) behind Sun 2026-11-29, the day before the run date. (data_late)',
      }),
    ]);
  });

  it('data_late fires for a day missing inside the window, and lists it', () => {
    const rows = fortnight().filter(
      (r) => r.stat_date !== '2026-11-20' && r.stat_date !== '2026-11-21',
    );
    expect(anomalies(rows)).toEqual([
      expect.objectContaining({
        rule: 'data_late',
        day: DAY,
        missingDays: ['2026-11-20', '2026-11-21'],
        message: '2 day(s) missing inside the window: 2026-11-20, 2026-11-21. (data_late)',
      }),
    ]);
  });

  it('a disabled rule stays quiet, and a changed threshold applies', () => {
    const rows = fortnight((o) =>
      o === 0 ? { active_user_num: 80n } : o === -7 ? { active_user_num: 100n } : {},
    );
    expect(rules(rows)).toEqual([]);
    const stricter = parseRuleSettings({ dau_drop: { threshold: 0.8 } });
    expect(anomalies(rows, RUN_DATE, stricter).map((a) => a.rule)).toEqual(['dau_drop']);
    const off = parseRuleSettings({ dau_drop: { enabled: false, threshold: 0.8 } });
    expect(anomalies(rows, RUN_DATE, off)).toEqual([]);
  });
});

describe('parseRuleSettings', () => {
  it('returns the defaults for nothing, and applies overrides from JSON text', () => {
    expect(parseRuleSettings(undefined)).toEqual(DEFAULT_RULES);
    expect(parseRuleSettings('')).toEqual(DEFAULT_RULES);
    const settings = parseRuleSettings('{"messages_spike":{"threshold":5,"minBaseline":"1000"}}');
    expect(settings.messages_spike).toEqual({ enabled: true, threshold: 5, minBaseline: 1000 });
    expect(settings.dau_drop).toEqual(DEFAULT_RULES.dau_drop);
    expect(DEFAULT_RULES.messages_spike.threshold).toBe(3);
  });

  it.each([
    ['{', 'ANOMALY_RULES', /not valid JSON/],
    ['[]', 'ANOMALY_RULES', /must be a JSON object/],
    ['{"dau_dorp":{}}', 'ANOMALY_RULES.dau_dorp', /unknown rule "dau_dorp" \(rules: dau_drop, /],
    ['{"dau_drop":1}', 'ANOMALY_RULES.dau_drop', /must be an object/],
    ['{"dau_drop":{"ratio":1}}', 'ANOMALY_RULES.dau_drop.ratio', /unknown setting/],
    ['{"dau_drop":{"threshold":0}}', 'ANOMALY_RULES.dau_drop.threshold', /greater than 0/],
    ['{"dau_drop":{"threshold":"x"}}', 'ANOMALY_RULES.dau_drop.threshold', /a number > 0/],
    ['{"dau_drop":{"minBaseline":1.5}}', 'ANOMALY_RULES.dau_drop.minBaseline', /whole number/],
    ['{"data_late":{"enabled":"no"}}', 'ANOMALY_RULES.data_late.enabled', /true or false/],
  ])('rejects %s naming %s', (text, field, message) => {
    expect(() => parseRuleSettings(text)).toThrow(message);
    expect(() => parseRuleSettings(text)).toThrow(expect.objectContaining({ field }));
  });
});

describe('ruleFlagsToOverrides', () => {
  it('turns --rule flags into overrides parseRuleSettings accepts', () => {
    const overrides = ruleFlagsToOverrides([
      'dau_drop.threshold=0.6',
      'dau_drop.minBaseline=50',
      'messages_spike.enabled=false',
    ]);
    expect(overrides).toEqual({
      dau_drop: { threshold: '0.6', minBaseline: '50' },
      messages_spike: { enabled: false },
    });
    expect(parseRuleSettings(overrides, '--rule')).toMatchObject({
      dau_drop: { threshold: 0.6, minBaseline: 50 },
      messages_spike: { enabled: false },
    });
  });

  it('rejects a flag without rule, setting and value', () => {
    expect(() => ruleFlagsToOverrides(['dau_drop=0.6'])).toThrow(ConfigError);
  });
});

describe('anomaly rules: inputs that must not fire', () => {
  const anomalies = (rows: OpsdataRow[], rules = DEFAULT_RULES, runDate = RUN_DATE) =>
    digestOf(rows, { runDate, rules }).anomalies;

  it('dau_drop fires at a baseline of exactly 20 (the documented minimum)', () => {
    const rows = fortnight((o) =>
      o === 0 ? { active_user_num: 14n } : o === -7 ? { active_user_num: 20n } : {},
    );
    expect(anomalies(rows).map((a) => a.rule)).toEqual(['dau_drop']);
  });

  it('a figure missing on the day is not a drop to 0', () => {
    const rows = fortnight().map((r) =>
      r.stat_date === DAY ? { ...r, active_user_num: null, up_msg_num: null } : r,
    );
    expect(anomalies(rows)).toEqual([]);
  });

  it('a missing week-earlier figure is not a spike, even with no minimum baseline', () => {
    const rules = parseRuleSettings({ messages_spike: { minBaseline: 0 } });
    const rows = fortnight().map((r) =>
      r.stat_date === addDays(DAY, -7) ? { ...r, up_msg_num: null } : r,
    );
    expect(anomalies(rows, rules)).toEqual([]);
  });

  it('callback_failures needs both figures, even with no minimum of requests', () => {
    const rules = parseRuleSettings({ callback_failures: { minRequests: 0 } });
    const only = (counts: Pick<OpsdataRow, 'callback_req' | 'callback_rsp'>) =>
      fortnight().map((r) => (r.stat_date === DAY ? { ...r, ...counts } : r));
    expect(anomalies(only({ callback_req: 1000n, callback_rsp: null }), rules)).toEqual([]);
    expect(anomalies(only({ callback_req: null, callback_rsp: 5n }), rules)).toEqual([]);
    expect(anomalies(only({ callback_req: null, callback_rsp: 0n }), rules)).toEqual([]);
    expect(anomalies(only({ callback_req: null, callback_rsp: null }), rules)).toEqual([]);
  });

  it('callback_failures stays quiet on a day without callback requests, even with no minimum (0 / 0 is no rate)', () => {
    const rules = parseRuleSettings({ callback_failures: { minRequests: 0, threshold: 1 } });
    const rows = fortnight((o) => (o === 0 ? { callback_req: 0n, callback_rsp: 0n } : {}));
    expect(anomalies(rows, rules)).toEqual([]);
  });

  it.each(['dau_drop', 'messages_drop', 'callback_failures', 'data_late'] as const)(
    'a disabled %s stays quiet on a day that would fire it',
    (rule) => {
      const rows = fortnight((o) =>
        o === 0
          ? { active_user_num: 10n, up_msg_num: 100n, callback_rsp: 500n }
          : o === -7
            ? { active_user_num: 100n }
            : {},
      ).filter((r) => r.stat_date !== addDays(DAY, -3));
      const fired = anomalies(rows).map((a) => a.rule);
      expect(fired).toEqual(['dau_drop', 'messages_drop', 'callback_failures', 'data_late']);
      const off = parseRuleSettings({ [rule]: { enabled: false } });
      expect(anomalies(rows, off).map((a) => a.rule)).toEqual(fired.filter((r) => r !== rule));
    },
  );
});

describe('anomaly messages', () => {
  const anomalies = (rows: OpsdataRow[], rules = DEFAULT_RULES, runDate = RUN_DATE) =>
    digestOf(rows, { runDate, rules }).anomalies;

  it('messages_drop speaks of messages up, with the numbers and dates', () => {
    const rows = fortnight((o) => (o === 0 ? { up_msg_num: 400n } : {}));
    expect(anomalies(rows)[0]?.message).toBe(
      'Messages up fell to 400 on Fri 2026-11-27, 40.0 % of 1,000 on Fri 2026-11-20 a week earlier (messages_drop: ≤ 50.0 %).',
    );
  });

  it('shows a rate just under 100 % with two decimals, so that it never reads 100.0 %', () => {
    const rules = parseRuleSettings({ callback_failures: { threshold: 1 } });
    const at = (req: bigint, rsp: bigint) =>
      anomalies(
        fortnight((o) => (o === 0 ? { callback_req: req, callback_rsp: rsp } : {})),
        rules,
      )[0]?.message;
    expect(at(10_000n, 9_996n)).toBe(
      'Callbacks on Fri 2026-11-27: 9,996 responses to 10,000 requests, 99.96 % answered (callback_failures: < 100.0 %).',
    );
    expect(at(1_000n, 995n)).toContain(', 99.50 % answered');
    expect(at(1_000n, 994n)).toContain(', 99.4 % answered');
  });

  it('never shows a rate below 100 % as 100 %, however close it is', () => {
    const rules = parseRuleSettings({ callback_failures: { threshold: 1 } });
    const rows = fortnight((o) =>
      o === 0 ? { callback_req: 100_000n, callback_rsp: 99_999n } : {},
    );
    expect(anomalies(rows, rules)[0]?.message).toBe(
      'Callbacks on Fri 2026-11-27: 99,999 responses to 100,000 requests, 99.99 % answered (callback_failures: < 100.0 %).',
    );
  });

  it('data_late says both that the data is late and which days are missing', () => {
    const rows = fortnight().filter((r) => r.stat_date !== '2026-11-20');
    const [late] = anomalies(rows, DEFAULT_RULES, '2026-11-30');
    expect(late).toMatchObject({ rule: 'data_late', day: '2026-11-29' });
    expect(late?.message).toBe(
      'The newest day is Fri 2026-11-27, 2 day(s) behind Sun 2026-11-29, the day before the run date. 1 day(s) missing inside the window: 2026-11-20. (data_late)',
    );
  });

  it('data_late names the first five missing days and counts all of them', () => {
    const gone = ['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'];
    const five = fortnight().filter((r) => !gone.includes(r.stat_date));
    expect(anomalies(five)[0]?.message).toBe(
      `5 day(s) missing inside the window: ${gone.join(', ')}. (data_late)`,
    );
    const seven = five.filter((r) => r.stat_date !== '2026-11-21' && r.stat_date !== '2026-11-22');
    const [late] = anomalies(seven);
    expect(late?.message).toBe(
      `7 day(s) missing inside the window: ${gone.join(', ')}, …. (data_late)`,
    );
    expect(late?.missingDays).toEqual(gone);
    expect(late?.missingDayCount).toBe(7);
  });

  it('data_late about missing days only is about the newest day, even a day past the expected one', () => {
    const rows = fortnight().filter((r) => r.stat_date !== '2026-11-20');
    expect(anomalies(rows, DEFAULT_RULES, DAY)).toEqual([
      expect.objectContaining({ rule: 'data_late', day: DAY, missingDays: ['2026-11-20'] }),
    ]);
  });
});

describe('parseRuleSettings: every documented setting', () => {
  it.each([
    ['dau_drop', 'enabled', false],
    ['dau_drop', 'threshold', 0.6],
    ['dau_drop', 'minBaseline', 50],
    ['messages_drop', 'enabled', false],
    ['messages_drop', 'threshold', 0.4],
    ['messages_drop', 'minBaseline', 500],
    ['messages_spike', 'enabled', false],
    ['messages_spike', 'threshold', 5],
    ['messages_spike', 'minBaseline', 500],
    ['callback_failures', 'enabled', false],
    ['callback_failures', 'threshold', 0.95],
    ['callback_failures', 'minRequests', 10],
    ['data_late', 'enabled', false],
  ] as const)('applies %s.%s', (rule, name, value) => {
    const settings = parseRuleSettings({ [rule]: { [name]: value } });
    expect(settings[rule]).toEqual({ ...DEFAULT_RULES[rule], [name]: value });
  });

  it('names the settings a rule has when given another one', () => {
    expect(() => parseRuleSettings({ callback_failures: { minBaseline: 5 } })).toThrow(
      'ANOMALY_RULES.callback_failures.minBaseline: unknown setting (callback_failures has enabled, threshold, minRequests)',
    );
  });

  it.each([
    ['blank text', '  '],
    ['null', null],
    ['JSON null', 'null'],
  ])('returns the defaults for %s', (_name, value) => {
    expect(parseRuleSettings(value)).toEqual(DEFAULT_RULES);
  });

  it.each([
    ['a negative minimum', { dau_drop: { minBaseline: -1 } }, /whole number ≥ 0/],
    ['a blank minimum', { dau_drop: { minBaseline: ' ' } }, /whole number ≥ 0/],
    ['an empty minimum', { dau_drop: { minBaseline: '' } }, /whole number ≥ 0/],
    ['true as a threshold', { dau_drop: { threshold: true } }, /a number > 0/],
    ['a negative threshold', { messages_spike: { threshold: '-2' } }, /a number > 0/],
  ])('rejects %s', (_name, overrides, message) => {
    expect(() => parseRuleSettings(overrides)).toThrow(message);
  });
});

describe('ruleFlagsToOverrides: flags', () => {
  it('reads true and false as booleans and keeps other values as text', () => {
    expect(
      ruleFlagsToOverrides([
        'messages_spike.enabled=true',
        'data_late.enabled=false',
        'dau_drop.threshold=0.6',
      ]),
    ).toEqual({
      messages_spike: { enabled: true },
      data_late: { enabled: false },
      dau_drop: { threshold: '0.6' },
    });
  });

  it('ignores spaces around a flag', () => {
    expect(ruleFlagsToOverrides(['  dau_drop.threshold=0.6 '])).toEqual({
      dau_drop: { threshold: '0.6' },
    });
  });

  it.each([
    ['1dau_drop.threshold=0.6'],
    ['Dau_drop.threshold=0.6'],
    ['dau_drop.threshold='],
    ['dau_drop.threshold=0.6\nmessages_spike.enabled=false'],
  ])('rejects %j, naming --rule and the expected shape', (flag) => {
    expect(() => ruleFlagsToOverrides([flag])).toThrow(
      expect.objectContaining({
        field: '--rule',
        message: `--rule "${flag}" must look like dau_drop.threshold=0.6 or messages_spike.enabled=false`,
      }),
    );
  });
});
