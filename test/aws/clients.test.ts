/**
 * The AWS clients' factory: every client has a connection and a request timeout (the SDK's
 * default has neither), and a blank AWS_REGION counts as none. That the run's abort signal ends a
 * stalled call in time is shown through the handler (test/lambda/snapshot-handler.test.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AWS_TIMEOUTS,
  awsClients,
  awsS3Client,
  describeAwsError,
  destroyAwsClients,
  ignoreBlankRegion,
} from '../../functions/aws/clients.js';

/** The options a client's request handler (the SDK's NodeHttpHandler) was built with. */
async function handlerOptions(client: { config: { requestHandler: unknown } }) {
  const handler = client.config.requestHandler as { configProvider: Promise<object> };
  return handler.configProvider;
}

describe('awsClients', () => {
  it('gives S3, Secrets Manager and SNS a 3 s connection and a 10 s request timeout that throws', async () => {
    const clients = awsClients({ s3: { region: 'us-east-1' } });
    try {
      for (const client of [clients.s3, clients.secretsManager, clients.sns]) {
        expect(await handlerOptions(client)).toMatchObject({
          connectionTimeout: 3_000,
          requestTimeout: 10_000,
          throwOnRequestTimeout: true,
        });
      }
      expect(AWS_TIMEOUTS).toEqual({ connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 });
      expect(await clients.s3.config.region()).toBe('us-east-1');
    } finally {
      destroyAwsClients(clients);
    }
  });
});

describe('ignoreBlankRegion', () => {
  it.each([[''], ['  '], ['\t']])('takes AWS_REGION=%j for no region', (value) => {
    const env: NodeJS.ProcessEnv = { AWS_REGION: value, OTHER: 'x' };
    ignoreBlankRegion(env);
    expect(env).toEqual({ OTHER: 'x' });
  });

  it('leaves a region that is set, and no region, as they are', () => {
    const env: NodeJS.ProcessEnv = { AWS_REGION: 'ap-southeast-1' };
    ignoreBlankRegion(env);
    expect(env).toEqual({ AWS_REGION: 'ap-southeast-1' });
  });
});

describe('the factory and a blank AWS_REGION', () => {
  const saved = process.env.AWS_REGION;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = saved;
  });

  it.each([
    ['awsClients', () => destroyAwsClients(awsClients())],
    ['awsS3Client', () => awsS3Client().destroy()],
  ])('%s takes a blank AWS_REGION as no region', (_name, build) => {
    process.env.AWS_REGION = '  ';
    build();
    expect(process.env.AWS_REGION).toBeUndefined();
  });

  it('destroys every client it built, closing their sockets', () => {
    const clients = awsClients({ s3: { region: 'eu-west-1' } });
    const destroyed = [
      vi.spyOn(clients.s3, 'destroy'),
      vi.spyOn(clients.secretsManager, 'destroy'),
      vi.spyOn(clients.sns, 'destroy'),
    ];
    destroyAwsClients(clients);
    for (const spy of destroyed) expect(spy).toHaveBeenCalledOnce();
  });
});

describe('describeAwsError', () => {
  it('says the deadline cut the call when the signal fired, else the error itself', () => {
    const aborted = AbortSignal.abort();
    const error = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(describeAwsError(error, aborted)).toBe(
      "no answer before the run's deadline (the call was cut)",
    );
    expect(describeAwsError(new Error('boom'), new AbortController().signal)).toBe('Error: boom');
    expect(describeAwsError('text', undefined)).toBe('text');
  });
});
