import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import { runDate, snapshotKeys } from '../../functions/core/snapshot-layout.js';
import { DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';
import { selectApps } from '../../functions/run/run-event.js';
import type { AppConfig } from '../../functions/secret/secret.js';
import {
  checkCalendarDate,
  checkPrefix,
  checkTimeZone,
  isCalendarDate,
  parseRequestFields,
} from '../../functions/settings/checks.js';
import { parseLambdaEnv } from '../../functions/settings/lambda-config.js';

describe('runDate', () => {
  it.each([
    ['2026-11-27T15:59:59Z', 'Asia/Shanghai', '2026-11-27'],
    ['2026-11-27T16:00:00Z', 'Asia/Shanghai', '2026-11-28'],
    ['2026-11-27T16:00:00Z', 'UTC', '2026-11-27'],
    ['2026-01-01T04:00:00Z', 'America/New_York', '2025-12-31'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(runDate(new Date(instant), zone)).toBe(expected);
  });

  it('rejects an unknown time zone, naming TIME_ZONE or the given field', () => {
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'TIME_ZONE' }),
    );
    expect(() => checkTimeZone('Mars/Olympus', '--time-zone')).toThrow(
      '--time-zone: unknown time zone "Mars/Olympus"',
    );
    expect(checkTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
  });
});

describe('snapshotKeys', () => {
  it('puts files directly under the partition, raw under raw/', () => {
    expect(snapshotKeys('getappinfo', '2026-11-28', 1400000000)).toEqual({
      rows: 'getappinfo/dt=2026-11-28/1400000000.json',
      raw: 'raw/getappinfo/dt=2026-11-28/1400000000.json',
    });
  });

  it.each([['/x'], ['x/'], ['a//b'], [''], ['raw/x'], ['a b']])(
    'rejects the prefix %j',
    (prefix) => {
      expect(() => checkPrefix(prefix)).toThrow(ConfigError);
    },
  );

  it('accepts a nested prefix', () => {
    expect(checkPrefix('chat/getappinfo')).toBe('chat/getappinfo');
  });
});

describe('parseRequestFields', () => {
  it('splits, trims and always adds Date', () => {
    expect(parseRequestFields(' ActiveUserNum, LoginTimes ,')).toEqual([
      'ActiveUserNum',
      'LoginTimes',
      'Date',
    ]);
  });

  it('means all fields when empty', () => {
    expect(parseRequestFields('')).toBeUndefined();
    expect(parseRequestFields(undefined)).toBeUndefined();
  });

  it('rejects a malformed field name, naming the setting', () => {
    expect(() => parseRequestFields('ActiveUserNum,Login Times', '--fields')).toThrow(
      /^--fields: not a getappinfo field: "Login Times"/,
    );
  });

  it('rejects a well-formed name getappinfo does not document, as the stack does', () => {
    expect(() => parseRequestFields('ActiveUserNum,BrandNewNum')).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'REQUEST_FIELDS' }),
    );
    expect(() => parseRequestFields(['BrandNewNum'])).toThrow(/"BrandNewNum"/);
  });

  it('suggests the documented spelling for a name in the wrong case', () => {
    expect(() => parseRequestFields('activeusernum', '--fields')).toThrow(
      '"activeusernum" (did you mean ActiveUserNum?)',
    );
  });

  it('accepts every documented field and keeps Date once', () => {
    expect(parseRequestFields(['Date', 'AppName', 'CallBackRsp'])).toEqual([
      'Date',
      'AppName',
      'CallBackRsp',
    ]);
  });
});

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-11-28', true],
    ['2023-02-29', false],
    ['2026-13-01', false],
    ['2026-1-1', false],
    ['yesterday', false],
    ['', false],
  ])('%j is a calendar date: %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it('names the setting when it rejects one', () => {
    expect(() => checkCalendarDate('2026-02-30', 'chat-opsdata:firstSnapshotDate')).toThrow(
      'chat-opsdata:firstSnapshotDate: "2026-02-30" is not a date written YYYY-MM-DD',
    );
  });
});

describe('parseLambdaEnv', () => {
  const env = { SECRET_ID: 'chat-opsdata/tencent', BUCKET_NAME: 'bucket' };

  it('applies the defaults', () => {
    expect(parseLambdaEnv(env)).toEqual({
      secretId: 'chat-opsdata/tencent',
      bucketName: 'bucket',
      prefix: 'getappinfo',
      timeZone: 'Asia/Shanghai',
      requestFields: undefined,
      rules: DEFAULT_RULES,
      digestTopicArn: undefined,
      concurrency: 8,
    });
  });

  it.each([['0'], ['65'], ['eight'], ['2.5']])('rejects CONCURRENCY=%s, naming it', (value) => {
    expect(() => parseLambdaEnv({ ...env, CONCURRENCY: value })).toThrow(
      /^CONCURRENCY must be a whole number from 1 to 64, got /,
    );
  });

  it('reads the anomaly rule overrides and the digest topic', () => {
    const config = parseLambdaEnv({
      ...env,
      ANOMALY_RULES: '{"dau_drop":{"threshold":0.5},"data_late":{"enabled":false}}',
      DIGEST_TOPIC_ARN: 'arn:aws:sns:ap-southeast-1:123456789012:digest',
    });
    expect(config.rules.dau_drop).toEqual({ enabled: true, threshold: 0.5, minBaseline: 20 });
    expect(config.rules.data_late).toEqual({ enabled: false });
    expect(config.rules.messages_spike).toEqual(DEFAULT_RULES.messages_spike);
    expect(config.digestTopicArn).toBe('arn:aws:sns:ap-southeast-1:123456789012:digest');
  });

  it('names ANOMALY_RULES and the setting when an override is wrong', () => {
    expect(() =>
      parseLambdaEnv({ ...env, ANOMALY_RULES: '{"dau_drop":{"threshold":-1}}' }),
    ).toThrow(expect.objectContaining({ field: 'ANOMALY_RULES.dau_drop.threshold' }));
  });

  it.each([['SECRET_ID'], ['BUCKET_NAME']])('names %s when it is missing', (name) => {
    expect(() => parseLambdaEnv({ ...env, [name]: ' ' })).toThrow(
      `environment variable ${name} is not set`,
    );
  });

  it('rejects a bad time zone and prefix', () => {
    expect(() => parseLambdaEnv({ ...env, TIME_ZONE: 'Nowhere' })).toThrow(/time zone/);
    expect(() => parseLambdaEnv({ ...env, SNAPSHOT_PREFIX: '/x' })).toThrow(/prefix/);
  });
});

describe('selectApps', () => {
  const apps = [1, 2, 3].map(
    (id): AppConfig => ({ sdkAppId: id, identifier: 'a', secretKey: 'k', region: 'china' }),
  );

  it('runs every app for the scheduler payload', () => {
    expect(selectApps({}, apps)).toBe(apps);
    expect(selectApps(undefined, apps)).toBe(apps);
  });

  it('runs the listed subset', () => {
    expect(selectApps({ apps: [3, 1] }, apps).map((a) => a.sdkAppId)).toEqual([1, 3]);
  });

  it.each([[{ apps: [] }], [{ apps: ['1'] }], [{ apps: 1 }], [{ apps: [9] }]])(
    'rejects %j',
    (event) => {
      expect(() => selectApps(event, apps)).toThrow(ConfigError);
    },
  );
});
