import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';
import { CONTEXT_DEFAULTS, type ContextKey, readConfig } from '../../infra/config.js';

const config = (values: Partial<Record<ContextKey, unknown>>) => readConfig((key) => values[key]);

describe('readConfig', () => {
  it('applies the documented defaults when context is empty', () => {
    expect(config({})).toEqual({
      secret: undefined,
      scheduleHour: 10,
      scheduleMinute: 30,
      timeZone: 'Asia/Shanghai',
      requestFields: undefined,
      prefix: 'getappinfo',
      logRetentionDays: 90,
      alarmEmail: undefined,
      archiveAfterDays: 0,
      firstSnapshotDate: '2026-01-01',
      rules: DEFAULT_RULES,
      digestEmail: undefined,
      dashboard: true,
      concurrency: 8,
      topicKey: { kind: 'none' },
      appMetrics: 'all',
      slack: undefined,
      teams: undefined,
      fixedEgressIp: 'off',
    });
    expect(config(CONTEXT_DEFAULTS)).toEqual(config({}));
  });

  it('accepts numbers given as strings on the command line (-c key=value)', () => {
    expect(
      config({ 'chat-opsdata:scheduleHour': '7', 'chat-opsdata:logRetentionDays': '365' }),
    ).toMatchObject({ scheduleHour: 7, logRetentionDays: 365 });
  });

  it.each([
    ['chat-opsdata:scheduleHour', 24],
    ['chat-opsdata:scheduleHour', '9.5'],
    ['chat-opsdata:scheduleMinute', -1],
    ['chat-opsdata:timeZone', 'Mars/Olympus'],
    ['chat-opsdata:requestFields', 'ActiveUserNum,NoSuchField'],
    ['chat-opsdata:snapshotPrefix', '/a'],
    ['chat-opsdata:snapshotPrefix', 'raw'],
    ['chat-opsdata:snapshotPrefix', 'raw/x'],
    ['chat-opsdata:snapshotPrefix', 'a b'],
    ['chat-opsdata:logRetentionDays', 10],
    ['chat-opsdata:alarmEmail', 'not-an-address'],
    ['chat-opsdata:archiveAfterDays', 'soon'],
    ['chat-opsdata:firstSnapshotDate', '2026-02-30'],
    ['chat-opsdata:firstSnapshotDate', 'yesterday'],
    ['chat-opsdata:secret', 42],
    ['chat-opsdata:digestEmail', 'ops at example'],
    ['chat-opsdata:anomalyRules', { dau_drop: { threshold: 'low' } }],
    ['chat-opsdata:anomalyRules', '{"no_such_rule":{}}'],
    ['chat-opsdata:anomalyRules', 'not json'],
    ['chat-opsdata:dashboard', 'no'],
    ['chat-opsdata:concurrency', 0],
    ['chat-opsdata:concurrency', '100'],
    ['chat-opsdata:topicKey', 'alias/aws/sns'],
    ['chat-opsdata:topicKey', 'yes'],
    ['chat-opsdata:appMetrics', 'most'],
    ['chat-opsdata:slack', { workspaceId: 'T0123ABCD' }],
    ['chat-opsdata:slack', '#ops'],
    ['chat-opsdata:teams', { teamId: 'x', tenantId: 'y', channelId: 'z' }],
    ['chat-opsdata:fixedEgressIp', 'nat'],
  ] as const)('rejects %s = %j, naming the key', (key, value) => {
    expect(() => config({ [key]: value })).toThrow(key);
  });

  it('names the unknown request field', () => {
    expect(() => config({ 'chat-opsdata:requestFields': 'ActiveUserNum,NoSuchField' })).toThrow(
      /NoSuchField/,
    );
  });
});

describe('anomaly rules from context', () => {
  it('takes an object from cdk.json or JSON text from -c, over the defaults', () => {
    const fromObject = config({ 'chat-opsdata:anomalyRules': { dau_drop: { threshold: 0.6 } } });
    const fromText = config({ 'chat-opsdata:anomalyRules': '{"dau_drop":{"threshold":0.6}}' });
    expect(fromObject.rules.dau_drop).toEqual({
      enabled: true,
      threshold: 0.6,
      minBaseline: 20,
    });
    expect(fromText.rules).toEqual(fromObject.rules);
    expect(fromObject.rules.messages_spike).toEqual(DEFAULT_RULES.messages_spike);
  });

  it('names the rule and setting that is wrong', () => {
    expect(() =>
      config({ 'chat-opsdata:anomalyRules': { callback_failures: { minRequests: -5 } } }),
    ).toThrow(/^chat-opsdata:anomalyRules\.callback_failures\.minRequests must be a whole number/);
  });
});
