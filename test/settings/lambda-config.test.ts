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
        CONCURRENCY: ' 3 ',
      }),
    ).toMatchObject({
      secretId: 'chat-opsdata/tencent',
      bucketName: 'bucket',
      prefix: 'chat/getappinfo',
      timeZone: 'Europe/Berlin',
      requestFields: ['ActiveUserNum', 'UpMsgNum', 'Date'],
      digestTopicArn: 'arn:aws:sns:ap-southeast-1:123456789012:digest',
      concurrency: 3,
    });
  });

  it('uses the defaults for blank optional variables', () => {
    expect(
      parseLambdaEnv({ ...env, SNAPSHOT_PREFIX: ' ', TIME_ZONE: '', CONCURRENCY: ' ' }),
    ).toMatchObject({
      prefix: 'getappinfo',
      timeZone: 'Asia/Shanghai',
      concurrency: 8,
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
      prefix: 'from/env',
      timeZone: 'UTC',
      requestFields: undefined,
      rules: { ...DEFAULT_RULES, data_late: { enabled: false } },
      digestTopicArn: undefined,
      concurrency: 2,
    });
  });
});
