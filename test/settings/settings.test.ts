import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';
import {
  checkSetting,
  defaultRunSettings,
  envValue,
  RUN_SETTINGS,
  readSetting,
  SETTINGS,
  type Setting,
} from '../../functions/settings/settings.js';

const all = Object.entries(SETTINGS as Readonly<Record<string, Setting<unknown>>>);

describe('the settings table', () => {
  it('gives every setting a default that passes its own check', () => {
    for (const [name, setting] of all) {
      expect(() => setting.parse(setting.default, name), name).not.toThrow();
    }
  });

  it('names each environment variable, context key and flag once', () => {
    for (const column of ['env', 'context', 'flag'] as const) {
      const names = all.map(([, s]) => s[column]).filter((n) => n !== undefined);
      expect(new Set(names).size, column).toBe(names.length);
    }
  });

  it('holds the defaults cdk.json holds, for every context key', () => {
    for (const [name, setting] of all) {
      if (setting.context === undefined) continue;
      expect(cdkJson.context[setting.context as keyof typeof cdkJson.context], name).toEqual(
        setting.default,
      );
    }
  });

  it('gives every run setting an environment variable, a context key and a flag', () => {
    for (const name of RUN_SETTINGS) {
      expect(SETTINGS[name]).toMatchObject({
        env: expect.any(String),
        context: expect.stringMatching(/^chat-opsdata:/),
        flag: expect.stringMatching(/^--/),
      });
    }
  });

  it('documents every setting in one paragraph', () => {
    for (const [name, setting] of all) {
      expect(setting.doc.length, name).toBeGreaterThan(10);
      expect(setting.doc, name).not.toContain('\n');
    }
  });
});

describe('readSetting', () => {
  it.each([[undefined], [''], ['   '], [null]])('takes the default for %j', (raw) => {
    expect(readSetting('prefix', raw, 'SNAPSHOT_PREFIX')).toBe('getappinfo');
    expect(readSetting('concurrency', raw, 'CONCURRENCY')).toBe(8);
    expect(readSetting('rules', raw, 'ANOMALY_RULES')).toEqual(DEFAULT_RULES);
    expect(readSetting('secret', raw, 'SECRET_ID')).toBeUndefined();
  });

  it('checks a value it is given, naming the field it came from', () => {
    expect(readSetting('timeZone', ' UTC ', 'TIME_ZONE')).toBe('UTC');
    // cdk.json gives numbers as numbers: not blank, checked as they are.
    expect(readSetting('concurrency', 4, 'chat-opsdata:concurrency')).toBe(4);
    expect(() => readSetting('concurrency', '65', 'CONCURRENCY')).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'CONCURRENCY' }),
    );
  });
});

describe('checkSetting', () => {
  it('checks an empty text as it is instead of taking the default', () => {
    expect(() => checkSetting('prefix', '', '--prefix')).toThrow(/^--prefix: snapshot prefix ""/);
    expect(() => checkSetting('scheduleHour', '', 'chat-opsdata:scheduleHour')).toThrow(
      'chat-opsdata:scheduleHour must be an integer from 0 to 23, got ',
    );
    expect(checkSetting('alarmEmail', '', 'chat-opsdata:alarmEmail')).toBeUndefined();
  });
});

describe('defaultRunSettings', () => {
  it('is every run setting at its default', () => {
    expect(defaultRunSettings()).toEqual({
      prefix: 'getappinfo',
      timeZone: 'Asia/Shanghai',
      requestFields: undefined,
      concurrency: 8,
      rules: DEFAULT_RULES,
    });
  });
});

describe('envValue', () => {
  it('writes each run setting as the function reads it back', () => {
    const settings = {
      ...defaultRunSettings(),
      requestFields: ['ActiveUserNum', 'Date'],
      concurrency: 3,
      rules: { ...DEFAULT_RULES, data_late: { enabled: false } },
    };
    for (const name of RUN_SETTINGS) {
      const text = envValue(name, settings[name] as never);
      expect(readSetting(name, text, SETTINGS[name].env), name).toEqual(settings[name]);
    }
    expect(envValue('requestFields', undefined)).toBe('');
  });
});
