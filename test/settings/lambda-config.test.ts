import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';
import { loadLambdaConfig, parseLambdaEnv } from '../../functions/settings/lambda-config.js';

const env = { SECRET_ID: 'chat-opsdata/tencent', BUCKET_NAME: 'bucket' };

describe('parseLambdaEnv: values', () => {
  it('names the missing variable in the error field', () => {
    expect(() => parseLambdaEnv({ BUCKET_NAME: 'bucket' })).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'SECRET_ID' }),
    );
  });

  it('trims the values and takes the prefix, time zone and fields given', () => {
    expect(
      parseLambdaEnv({
        SECRET_ID: ' chat-opsdata/tencent ',
        BUCKET_NAME: ' bucket\n',
        SNAPSHOT_PREFIX: ' chat/getappinfo ',
        TIME_ZONE: ' Europe/Berlin ',
        REQUEST_FIELDS: 'ActiveUserNum, UpMsgNum',
        DIGEST_TOPIC_ARN: ' arn:aws:sns:ap-southeast-1:123456789012:digest ',
        DASHBOARD_URL: ' https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home ',
        AWS_REGION: 'ap-southeast-1',
        CONCURRENCY: ' 3 ',
      }),
    ).toMatchObject({
      secretId: 'chat-opsdata/tencent',
      bucketName: 'bucket',
      digestTopicArn: 'arn:aws:sns:ap-southeast-1:123456789012:digest',
      dashboardUrl: 'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home',
      region: 'ap-southeast-1',
      settings: {
        prefix: 'chat/getappinfo',
        timeZone: 'Europe/Berlin',
        requestFields: ['ActiveUserNum', 'UpMsgNum', 'Date'],
        concurrency: 3,
      },
    });
  });

  it('has no dashboard link and no region when the variables are not set', () => {
    expect(parseLambdaEnv(env)).toMatchObject({ dashboardUrl: undefined, region: undefined });
  });

  it('uses the defaults for blank optional variables', () => {
    expect(
      parseLambdaEnv({ ...env, SNAPSHOT_PREFIX: ' ', TIME_ZONE: '', CONCURRENCY: ' ' }),
    ).toMatchObject({
      settings: { prefix: 'getappinfo', timeZone: 'Asia/Shanghai', concurrency: 8 },
    });
  });
});

describe('loadLambdaConfig', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads this process’s environment', () => {
    vi.stubEnv('SECRET_ID', 'chat-opsdata/from-env');
    vi.stubEnv('BUCKET_NAME', 'bucket-from-env');
    vi.stubEnv('SNAPSHOT_PREFIX', 'from/env');
    vi.stubEnv('TIME_ZONE', 'UTC');
    vi.stubEnv('REQUEST_FIELDS', '');
    vi.stubEnv('ANOMALY_RULES', '{"data_late":{"enabled":false}}');
    vi.stubEnv('DIGEST_TOPIC_ARN', '');
    vi.stubEnv('CONCURRENCY', '2');
    expect(loadLambdaConfig()).toEqual({
      secretId: 'chat-opsdata/from-env',
      bucketName: 'bucket-from-env',
      digestTopicArn: undefined,
      appMetrics: 'all',
      dashboardUrl: undefined,
      settings: {
        prefix: 'from/env',
        timeZone: 'UTC',
        requestFields: undefined,
        rules: { ...DEFAULT_RULES, data_late: { enabled: false } },
        concurrency: 2,
      },
    });
  });
});

describe('parseLambdaEnv', () => {
  const env = { SECRET_ID: 'chat-opsdata/tencent', BUCKET_NAME: 'bucket' };

  it('applies the defaults', () => {
    expect(parseLambdaEnv(env)).toEqual({
      secretId: 'chat-opsdata/tencent',
      bucketName: 'bucket',
      digestTopicArn: undefined,
      appMetrics: 'all',
      dashboardUrl: undefined,
      settings: {
        prefix: 'getappinfo',
        timeZone: 'Asia/Shanghai',
        requestFields: undefined,
        rules: DEFAULT_RULES,
        concurrency: 8,
      },
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
    expect(config.settings.rules.dau_drop).toEqual({
      enabled: true,
      threshold: 0.5,
      minBaseline: 20,
    });
    expect(config.settings.rules.data_late).toEqual({ enabled: false });
    expect(config.settings.rules.messages_spike).toEqual(DEFAULT_RULES.messages_spike);
    expect(config.digestTopicArn).toBe('arn:aws:sns:ap-southeast-1:123456789012:digest');
  });

  it('reads which per-app metrics to send and the dashboard the chat message links to', () => {
    const config = parseLambdaEnv({
      ...env,
      APP_METRICS: 'key',
      DASHBOARD_URL: 'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home',
    });
    expect(config).toMatchObject({
      appMetrics: 'key',
      dashboardUrl: 'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home',
    });
  });

  it('names APP_METRICS when it is not one of its values', () => {
    expect(() => parseLambdaEnv({ ...env, APP_METRICS: 'some' })).toThrow(
      'APP_METRICS must be one of all, key, none',
    );
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

  it('reads a blank AWS_REGION as no region, as the CLI does', () => {
    const env = { SECRET_ID: 'chat-opsdata/tencent', BUCKET_NAME: 'bucket' };
    expect(parseLambdaEnv({ ...env, AWS_REGION: ' ' }).region).toBeUndefined();
    expect(parseLambdaEnv({ ...env, AWS_REGION: ' ap-southeast-1\n' }).region).toBe(
      'ap-southeast-1',
    );
  });
});
