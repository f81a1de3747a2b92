/**
 * The anomaly rules: stable ids, documented defaults, the settings that change them (cdk.json
 * context → Lambda env `ANOMALY_RULES`, or the CLI's `--rule`), and the checks themselves. Pure.
 */

import { addDays, dated, daysBetween } from '../core/dates.js';
import { ConfigError } from '../core/errors.js';
import { groupDigits, percentOfRatio } from '../core/format.js';
import { isObject } from '../core/json.js';

export const RULE_IDS = [
  'dau_drop',
  'messages_drop',
  'messages_spike',
  'callback_failures',
  'data_late',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** A rule that compares the day with the same weekday one week earlier. */
export interface WeekOverWeekRule {
  readonly enabled: boolean;
  /** Ratio of the day's value to the week-earlier value: ≤ it for a drop, ≥ it for a spike. */
  readonly threshold: number;
  /** The week-earlier value must be at least this, so small apps do not page anyone. */
  readonly minBaseline: number;
}

export interface CallbackRule {
  readonly enabled: boolean;
  /** Fires when responses ÷ requests is below this ratio. */
  readonly threshold: number;
  /** ... and the day had at least this many callback requests. */
  readonly minRequests: number;
}

export interface RuleSettings {
  readonly dau_drop: WeekOverWeekRule;
  readonly messages_drop: WeekOverWeekRule;
  readonly messages_spike: WeekOverWeekRule;
  readonly callback_failures: CallbackRule;
  readonly data_late: { readonly enabled: boolean };
}

/** The documented defaults (README, "Ops signals"). */
export const DEFAULT_RULES: RuleSettings = {
  dau_drop: { enabled: true, threshold: 0.7, minBaseline: 20 },
  messages_drop: { enabled: true, threshold: 0.5, minBaseline: 100 },
  messages_spike: { enabled: true, threshold: 3, minBaseline: 100 },
  callback_failures: { enabled: true, threshold: 0.99, minRequests: 100 },
  data_late: { enabled: true },
};

/** An unusual day, said in one sentence with the numbers and dates. */
export interface Anomaly {
  readonly rule: RuleId;
  /** The day it is about (for `data_late`: the day the newest data should be). */
  readonly day: string;
  readonly message: string;
  /** What was seen on the day. */
  readonly value?: number;
  /** What it was compared against, and the day of that value. */
  readonly baseline?: number;
  readonly baselineDay?: string;
  /** `data_late`: the first few days missing inside the window (`missingDayCount` counts them all). */
  readonly missingDays?: readonly string[];
  readonly missingDayCount?: number;
}

/** What the rules look at, taken from one app's snapshot by the digest. */
export interface RuleInput {
  /** The newest `stat_date`, or null when the snapshot has no days. */
  readonly day: string | null;
  /** The run date (YYYY-MM-DD, the run's time zone). */
  readonly runDate: string;
  /** Days missing between the oldest and the newest `stat_date`: how many, and the first few. */
  readonly missingDays: { readonly count: number; readonly first: readonly string[] };
  readonly activeUsers: ValueAndBaseline;
  readonly messagesUp: ValueAndBaseline;
  readonly callbackRequests: number | null;
  readonly callbackResponses: number | null;
}

export interface ValueAndBaseline {
  readonly value: number | null;
  /** The same weekday one week earlier. */
  readonly weekAgo: number | null;
  readonly weekAgoDay: string;
}

function weekOverWeek(
  rule: 'dau_drop' | 'messages_drop' | 'messages_spike',
  settings: WeekOverWeekRule,
  figure: ValueAndBaseline,
  day: string,
  what: string,
): Anomaly | undefined {
  const { value, weekAgo } = figure;
  // Stryker disable next-line ConditionalExpression: equivalent (null <= 0 is true, so the next line returns for a null weekAgo too; the check narrows the type)
  if (!settings.enabled || value === null || weekAgo === null) return undefined;
  // A week-earlier 0 is no baseline at all: any ratio to it is NaN or infinite.
  if (weekAgo <= 0 || weekAgo < settings.minBaseline) return undefined;
  const ratio = value / weekAgo;
  const spike = rule === 'messages_spike';
  if (spike ? ratio < settings.threshold : ratio > settings.threshold) return undefined;
  const verb = spike ? 'rose' : 'fell';
  const limit = spike ? `≥ ${settings.threshold}×` : `≤ ${percentOfRatio(settings.threshold)}`;
  return {
    rule,
    day,
    message: `${what} ${verb} to ${groupDigits(value)} on ${dated(day)}, ${spike ? `${ratio.toFixed(1)}×` : percentOfRatio(ratio)} of ${groupDigits(weekAgo)} on ${dated(figure.weekAgoDay)} a week earlier (${rule}: ${limit}).`,
    value,
    baseline: weekAgo,
    baselineDay: figure.weekAgoDay,
  };
}

function callbackFailures(settings: CallbackRule, input: RuleInput, day: string) {
  const { callbackRequests: requests, callbackResponses: responses } = input;
  // Stryker disable next-line ConditionalExpression: equivalent (null <= 0 is true, so the next line returns for null requests too; the check narrows the type)
  if (!settings.enabled || requests === null || responses === null) return undefined;
  // A day without requests has no rate (0 / 0), whatever minRequests allows.
  if (requests <= 0 || requests < settings.minRequests) return undefined;
  const rate = responses / requests;
  if (rate >= settings.threshold) return undefined;
  return {
    rule: 'callback_failures',
    day,
    message: `Callbacks on ${dated(day)}: ${groupDigits(responses)} responses to ${groupDigits(requests)} requests, ${percentOfRatio(rate)} answered (callback_failures: < ${percentOfRatio(settings.threshold)}).`,
    value: rate,
    baseline: settings.threshold,
  } satisfies Anomaly;
}

function dataLate(input: RuleInput): Anomaly | undefined {
  const expected = addDays(input.runDate, -1);
  const late = input.day === null || input.day < expected;
  const missing = input.missingDays;
  if (!late && missing.count === 0) return undefined;
  const parts = [
    ...(input.day === null
      ? [`The snapshot of ${input.runDate} holds no days at all (expected up to ${expected}).`]
      : late
        ? [
            `The newest day is ${dated(input.day)}, ${groupDigits(daysBetween(input.day, expected))} day(s) behind ${dated(expected)}, the day before the run date.`,
          ]
        : []),
    ...(missing.count > 0
      ? [
          `${groupDigits(missing.count)} day(s) missing inside the window: ${missing.first.join(', ')}${missing.count > missing.first.length ? ', …' : ''}.`,
        ]
      : []),
  ];
  return {
    rule: 'data_late',
    day: late ? expected : (input.day ?? expected),
    message: `${parts.join(' ')} (data_late)`,
    missingDays: missing.first,
    missingDayCount: missing.count,
  };
}

/** Runs every enabled rule over one app's day; at most one anomaly per rule. */
export function findAnomalies(input: RuleInput, settings: RuleSettings = DEFAULT_RULES): Anomaly[] {
  const found: (Anomaly | undefined)[] = [];
  const { day } = input;
  // Stryker disable next-line ConditionalExpression: equivalent (a snapshot without days has every figure null, and each rule returns nothing for a null figure)
  if (day !== null) {
    found.push(
      weekOverWeek('dau_drop', settings.dau_drop, input.activeUsers, day, 'Active users'),
      weekOverWeek('messages_drop', settings.messages_drop, input.messagesUp, day, 'Messages up'),
      weekOverWeek('messages_spike', settings.messages_spike, input.messagesUp, day, 'Messages up'),
      callbackFailures(settings.callback_failures, input, day),
    );
  }
  if (settings.data_late.enabled) found.push(dataLate(input));
  return found.filter((a): a is Anomaly => a !== undefined);
}

type Overrides = { -readonly [R in RuleId]?: Record<string, unknown> };

const PARAMETERS: Readonly<Record<RuleId, readonly string[]>> = {
  dau_drop: ['enabled', 'threshold', 'minBaseline'],
  messages_drop: ['enabled', 'threshold', 'minBaseline'],
  messages_spike: ['enabled', 'threshold', 'minBaseline'],
  callback_failures: ['enabled', 'threshold', 'minRequests'],
  data_late: ['enabled'],
};

/**
 * Applies overrides such as `{"dau_drop":{"threshold":0.6},"messages_spike":{"enabled":false}}`
 * (parsed JSON, or its text) to the defaults.
 * @throws ConfigError naming `field` and the wrong rule or parameter, e.g. `ANOMALY_RULES.dau_drop.threshold`.
 */
export function parseRuleSettings(
  value: unknown,
  field = 'ANOMALY_RULES',
  base: RuleSettings = DEFAULT_RULES,
): RuleSettings {
  let doc = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return base;
    try {
      doc = JSON.parse(value);
    } catch {
      throw new ConfigError(`${field} is not valid JSON (e.g. {"dau_drop":{"threshold":0.6}})`, {
        field,
      });
    }
  }
  if (doc === undefined || doc === null) return base;
  if (!isObject(doc)) throw new ConfigError(`${field} must be a JSON object`, { field });
  const settings = structuredClone(base) as unknown as Record<RuleId, Record<string, unknown>>;
  for (const [rule, params] of Object.entries(doc as Overrides)) {
    if (!(RULE_IDS as readonly string[]).includes(rule)) {
      throw new ConfigError(`${field}: unknown rule "${rule}" (rules: ${RULE_IDS.join(', ')})`, {
        field: `${field}.${rule}`,
      });
    }
    const id = rule as RuleId;
    if (!isObject(params)) {
      throw new ConfigError(`${field}.${id} must be an object such as {"enabled":false}`, {
        field: `${field}.${id}`,
      });
    }
    for (const [name, raw] of Object.entries(params)) {
      settings[id][name] = parameter(id, name, raw, `${field}.${id}.${name}`);
    }
  }
  return settings as unknown as RuleSettings;
}

function parameter(rule: RuleId, name: string, raw: unknown, path: string): boolean | number {
  if (!PARAMETERS[rule].includes(name)) {
    throw new ConfigError(`${path}: unknown setting (${rule} has ${PARAMETERS[rule].join(', ')})`, {
      field: path,
    });
  }
  if (name === 'enabled') {
    if (typeof raw !== 'boolean')
      throw new ConfigError(`${path} must be true or false`, { field: path });
    return raw;
  }
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  const integer = name !== 'threshold';
  // Stryker disable next-line ConditionalExpression: equivalent (Number.isFinite is false for every non-number; typeof narrows the type)
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new ConfigError(
      `${path} must be ${integer ? 'a whole number ≥ 0' : 'a number > 0, a ratio such as 0.7'}`,
      { field: path },
    );
  }
  if (!integer && n === 0) throw new ConfigError(`${path} must be greater than 0`, { field: path });
  return n;
}

/**
 * Turns CLI flags `--rule dau_drop.threshold=0.6` / `--rule messages_spike.enabled=false` into the
 * overrides `parseRuleSettings` takes.
 * @throws ConfigError for a flag that is not `<rule>.<setting>=<value>`.
 */
export function ruleFlagsToOverrides(
  flags: readonly string[],
): Record<string, Record<string, unknown>> {
  const overrides: Record<string, Record<string, unknown>> = {};
  for (const flag of flags) {
    const m = /^([a-z_]+)\.([A-Za-z]+)=(.+)$/.exec(flag.trim());
    if (!m) {
      throw new ConfigError(
        `--rule "${flag}" must look like dau_drop.threshold=0.6 or messages_spike.enabled=false`,
        { field: '--rule' },
      );
    }
    // Stryker disable next-line StringLiteral: the regex has no optional group, so all three always match; '' only satisfies TypeScript
    const [, rule = '', name = '', text = ''] = m;
    const value = text === 'true' ? true : text === 'false' ? false : text;
    overrides[rule] = { ...overrides[rule], [name]: value };
  }
  return overrides;
}
