/**
 * The Lambda's configuration: the only module that reads `process.env`. The variable names, the
 * defaults and the checks are the settings table's (settings.ts); the stack sets each variable
 * beside the permission it needs.
 */
import { ConfigError } from '../core/errors.js';
import type { AppMetricsLevel } from '../core/metric-names.js';
import { RUN_SETTINGS, type RunSettings, readSetting, SETTINGS } from './settings.js';

export interface LambdaConfig {
  /** The secret with the app credentials (`SECRET_ID`). */
  readonly secretId: string;
  /** The snapshot bucket (`BUCKET_NAME`). */
  readonly bucketName: string;
  /** The SNS topic the digest e-mail goes to; none when the stack has no digest e-mail. */
  readonly digestTopicArn: string | undefined;
  /** Which per-app figures go to CloudWatch (`APP_METRICS`: all, key or none). */
  readonly appMetrics: AppMetricsLevel;
  /** The dashboard the chat message links to (`DASHBOARD_URL`); none without a dashboard. */
  readonly dashboardUrl: string | undefined;
  /** The function's region (`AWS_REGION`, which Lambda sets), for the e-mail's report command. */
  readonly region: string | undefined;
  /** What every run is configured with (prefix, time zone, fields, concurrency, rules). */
  readonly settings: RunSettings;
}

/**
 * Reads and checks the Lambda environment.
 * @throws ConfigError naming the missing or wrong variable.
 */
export function parseLambdaEnv(env: Readonly<Record<string, string | undefined>>): LambdaConfig {
  const required = (name: 'secret' | 'bucket'): string => {
    const variable = SETTINGS[name].env;
    const value = readSetting(name, env[variable], variable);
    if (value === undefined) {
      throw new ConfigError(`environment variable ${variable} is not set`, { field: variable });
    }
    return value;
  };
  const settings = Object.fromEntries(
    RUN_SETTINGS.map((name) => {
      const variable = SETTINGS[name].env;
      return [name, readSetting(name, env[variable], variable)];
    }),
  ) as unknown as RunSettings;
  const optional = <N extends 'digestTopicArn' | 'appMetrics' | 'dashboardUrl'>(name: N) =>
    readSetting(name, env[SETTINGS[name].env], SETTINGS[name].env);
  return {
    secretId: required('secret'),
    bucketName: required('bucket'),
    digestTopicArn: optional('digestTopicArn'),
    appMetrics: optional('appMetrics'),
    dashboardUrl: optional('dashboardUrl'),
    // Lambda's own variable, not a setting of ours: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
    region: env.AWS_REGION?.trim() || undefined,
    settings,
  };
}

/** The Lambda configuration from this process's environment. */
export function loadLambdaConfig(): LambdaConfig {
  return parseLambdaEnv(process.env);
}
