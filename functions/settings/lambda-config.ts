/**
 * The Lambda's configuration: the only module that reads `process.env`. The stack sets each
 * variable beside the permission it needs.
 */

import { ConfigError } from '../core/errors.js';
import { parseRuleSettings, type RuleSettings } from '../digest/anomaly-rules.js';
import { checkConcurrency, checkPrefix, checkTimeZone, parseRequestFields } from './checks.js';
import { DEFAULT_CONCURRENCY, DEFAULT_PREFIX, DEFAULT_TIME_ZONE } from './defaults.js';

export interface LambdaConfig {
  readonly secretId: string;
  readonly bucketName: string;
  readonly prefix: string;
  readonly timeZone: string;
  readonly requestFields: readonly string[] | undefined;
  /** The anomaly rules: the defaults with the overrides of `ANOMALY_RULES` (JSON). */
  readonly rules: RuleSettings;
  /** The SNS topic the digest e-mail goes to; none when the stack has no digest e-mail. */
  readonly digestTopicArn: string | undefined;
  /** How many apps are fetched at once. */
  readonly concurrency: number;
}

/**
 * Reads and checks the Lambda environment.
 * @throws ConfigError naming the missing or wrong variable.
 */
export function parseLambdaEnv(env: Readonly<Record<string, string | undefined>>): LambdaConfig {
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(`environment variable ${name} is not set`, { field: name });
    return value;
  };
  return {
    secretId: required('SECRET_ID'),
    bucketName: required('BUCKET_NAME'),
    prefix: checkPrefix(env.SNAPSHOT_PREFIX?.trim() || DEFAULT_PREFIX),
    timeZone: checkTimeZone(env.TIME_ZONE?.trim() || DEFAULT_TIME_ZONE),
    requestFields: parseRequestFields(env.REQUEST_FIELDS),
    rules: parseRuleSettings(env.ANOMALY_RULES),
    digestTopicArn: env.DIGEST_TOPIC_ARN?.trim() || undefined,
    concurrency: checkConcurrency(env.CONCURRENCY?.trim() || DEFAULT_CONCURRENCY),
  };
}

/** The Lambda configuration from this process's environment. */
export function loadLambdaConfig(): LambdaConfig {
  return parseLambdaEnv(process.env);
}
