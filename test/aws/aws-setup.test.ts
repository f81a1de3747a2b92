/** checkAwsSetup with stand-ins for a client's resolved config: pure logic, no AWS. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkAwsSetup, NO_CREDENTIALS, NO_REGION } from '../../functions/aws/aws-setup.js';
import { ConfigError } from '../../functions/core/errors.js';

const FOR = { field: '--bucket', subject: '--bucket my-bucket' };
const never = () => new Promise<never>(() => undefined);
const config = (region: () => Promise<string>, credentials: () => Promise<unknown>) => ({
  region,
  credentials,
});
const fine = config(
  async () => 'ap-southeast-1',
  async () => ({ accessKeyId: 'AKIA…' }),
);

afterEach(() => {
  vi.useRealTimers();
});

async function problem(promise: Promise<void>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('checkAwsSetup', () => {
  it('resolves when the client has a region and credentials, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    await expect(checkAwsSetup(fine, FOR)).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says what to set when there is no region, naming the flag', async () => {
    const cause = new Error('Region is missing');
    const error = await problem(
      checkAwsSetup(
        config(
          () => Promise.reject(cause),
          async () => ({}),
        ),
        FOR,
      ),
    );
    expect(error.message).toBe(`--bucket my-bucket: ${NO_REGION}`);
    expect(error.field).toBe('--bucket');
    expect(error.cause).toBe(cause);
  });

  it("adds the first line of the credentials' error to what to set", async () => {
    const cause = new Error('Could not load credentials from any providers\nsecond line');
    const error = await problem(
      checkAwsSetup(
        config(
          async () => 'eu-west-1',
          () => Promise.reject(cause),
        ),
        FOR,
      ),
    );
    expect(error.message).toBe(
      `--bucket my-bucket: ${NO_CREDENTIALS} (Could not load credentials from any providers)`,
    );
    expect(error.field).toBe('--bucket');
    expect(error.cause).toBe(cause);
  });

  it('adds nothing when the credentials fail with something that is not an Error', async () => {
    const error = await problem(
      checkAwsSetup(
        config(
          async () => 'eu-west-1',
          () => Promise.reject('no'),
        ),
        FOR,
      ),
    );
    expect(error.message).toBe(`--bucket my-bucket: ${NO_CREDENTIALS}`);
  });

  it('gives up on credentials that take too long, saying how long it waited', async () => {
    const error = await problem(
      checkAwsSetup(
        config(async () => 'eu-west-1', never),
        FOR,
        20,
      ),
    );
    expect(error.message).toBe(
      `--bucket my-bucket: ${NO_CREDENTIALS} (finding AWS credentials took longer than 0.02 s)`,
    );
  });

  it('gives up on a region that takes too long', async () => {
    const error = await problem(
      checkAwsSetup(
        config(never, async () => ({})),
        FOR,
        20,
      ),
    );
    expect(error.message).toBe(`--bucket my-bucket: ${NO_REGION}`);
    expect((error.cause as Error).message).toBe('finding the AWS region took longer than 0.02 s');
  });
});
