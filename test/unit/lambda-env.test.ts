import { describe, expect, it } from 'vitest';
import { parseLambdaEnv } from '../../functions/lib/config.js';

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
      }),
    ).toEqual({
      secretId: 'chat-opsdata/tencent',
      bucketName: 'bucket',
      prefix: 'chat/getappinfo',
      timeZone: 'Europe/Berlin',
      requestFields: ['ActiveUserNum', 'UpMsgNum', 'Date'],
    });
  });

  it('uses the defaults for blank optional variables', () => {
    expect(parseLambdaEnv({ ...env, SNAPSHOT_PREFIX: ' ', TIME_ZONE: '' })).toMatchObject({
      prefix: 'getappinfo',
      timeZone: 'Asia/Shanghai',
    });
  });
});
