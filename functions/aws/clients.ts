/**
 * The AWS clients the function and the CLI use, built in one place with the timeouts every call
 * needs: an SDK client built with `{}` waits for a silent endpoint forever (no connection or
 * request timeout), so a stalled S3, Secrets Manager or SNS would outlast the run.
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-requesthandler.html
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import {
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';

/**
 * How long one HTTP attempt of an AWS call may take: 3 s to connect, 10 s in all (a 30 KB
 * PutObject or a GetSecretValue takes well under a second from Lambda). The SDK retries a timeout
 * up to twice; the run's deadline (an abort signal on every `send`) bounds the whole call.
 */
export const AWS_TIMEOUTS = { connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 } as const;

/** The request handler settings every client gets. */
function requestHandler() {
  return {
    connectionTimeout: AWS_TIMEOUTS.connectionTimeoutMs,
    requestTimeout: AWS_TIMEOUTS.requestTimeoutMs,
    // Without it a request past requestTimeout only logs a warning and keeps waiting.
    throwOnRequestTimeout: true,
  };
}

export interface AwsClients {
  readonly s3: S3Client;
  readonly secretsManager: SecretsManagerClient;
  readonly sns: SNSClient;
}

/** Settings for each client on top of the timeouts (tests point them at local endpoints). */
export interface AwsClientOverrides {
  readonly s3?: S3ClientConfig;
  readonly secretsManager?: SecretsManagerClientConfig;
  readonly sns?: SNSClientConfig;
}

/**
 * The SDK reads `AWS_REGION` itself and takes a blank one (set but empty, common in CI) as a region
 * named "", failing with `Region not accepted`. Unset, the SDK falls back to the profile's region
 * or says the region is missing, which is what a blank variable means.
 */
export function ignoreBlankRegion(env: NodeJS.ProcessEnv = process.env): void {
  if (env.AWS_REGION !== undefined && env.AWS_REGION.trim() === '') delete env.AWS_REGION;
}

/** An S3 client with the timeouts (and `config`). */
export function awsS3Client(config: S3ClientConfig = {}): S3Client {
  ignoreBlankRegion();
  return s3Client(config);
}

/** The S3 client with the timeouts, for a caller that has already checked AWS_REGION. */
function s3Client(config?: S3ClientConfig): S3Client {
  return new S3Client({ ...config, requestHandler: requestHandler() });
}

/** Builds the S3, Secrets Manager and SNS clients with the timeouts (and `overrides`). */
export function awsClients(overrides: AwsClientOverrides = {}): AwsClients {
  ignoreBlankRegion();
  return {
    s3: s3Client(overrides.s3),
    secretsManager: new SecretsManagerClient({
      ...overrides.secretsManager,
      requestHandler: requestHandler(),
    }),
    sns: new SNSClient({ ...overrides.sns, requestHandler: requestHandler() }),
  };
}

/** Closes the clients' sockets (the CLI, once its run is over). */
export function destroyAwsClients(clients: AwsClients): void {
  clients.s3.destroy();
  clients.secretsManager.destroy();
  clients.sns.destroy();
}

/**
 * What went wrong with an AWS call, for an error message: `no answer before the run's deadline`
 * when `signal` cut it, else the SDK error's name and message.
 */
export function describeAwsError(cause: unknown, signal: AbortSignal | undefined): string {
  if (signal?.aborted) return "no answer before the run's deadline (the call was cut)";
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
