/**
 * Before a command does any work against AWS: does its client have a region and credentials?
 * Said as what to set, the way a person fixes it, instead of the SDK's error on the first call.
 */
import { ConfigError } from '../core/errors.js';

/** What to do when the SDK finds no region. */
export const NO_REGION =
  'no AWS region — set AWS_REGION, or a region in your AWS profile (aws configure)';

/** What to do when the SDK finds no credentials. */
export const NO_CREDENTIALS =
  'no AWS credentials found — set AWS_PROFILE (and run aws sso login for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';

/** The part of an AWS SDK v3 client's resolved config this check reads. */
export interface AwsClientConfig {
  readonly region: () => Promise<string>;
  readonly credentials: () => Promise<unknown>;
}

/** How long finding credentials may take (an SSO refresh, a credential process). */
export const AWS_SETUP_TIMEOUT_MS = 10_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves the client's region and credentials, each within `timeoutMs`.
 * @throws ConfigError `<for>: no AWS region — set AWS_REGION …` (or the credentials' message)
 * with `field` set to `for`, e.g. `--bucket`.
 */
export async function checkAwsSetup(
  config: AwsClientConfig,
  forWhat: { readonly field: string; readonly subject: string },
  timeoutMs = AWS_SETUP_TIMEOUT_MS,
): Promise<void> {
  const problem = (text: string, cause?: unknown) =>
    new ConfigError(`${forWhat.subject}: ${text}`, { field: forWhat.field, cause });
  try {
    await within(config.region(), timeoutMs, 'finding the AWS region');
  } catch (cause) {
    throw problem(NO_REGION, cause);
  }
  try {
    await within(config.credentials(), timeoutMs, 'finding AWS credentials');
  } catch (cause) {
    const reason = cause instanceof Error ? ` (${cause.message.split('\n')[0]})` : '';
    throw problem(`${NO_CREDENTIALS}${reason}`, cause);
  }
}
