/**
 * The Lambda's configuration: the only module that reads `process.env`. The stack sets each
 * variable beside the permission it needs.
 */
import { ConfigError } from './errors.js';
import { INFO_FIELDS } from './opsdata-schema.js';
import { checkPrefix, checkTimeZone } from './snapshot-layout.js';

export interface LambdaConfig {
  readonly secretId: string;
  readonly bucketName: string;
  readonly prefix: string;
  readonly timeZone: string;
  readonly requestFields: readonly string[] | undefined;
}

export const DEFAULT_PREFIX = 'getappinfo';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * Parses a `RequestField` list (comma-separated or an array). `Date` is always added, because
 * every row needs its day. Undefined or empty means all fields.
 * @throws ConfigError for a name that is not a getappinfo field name.
 */
export function parseRequestFields(
  value: string | readonly string[] | undefined,
  field = 'REQUEST_FIELDS',
): readonly string[] | undefined {
  const names = (typeof value === 'string' ? value.split(',') : (value ?? []))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return undefined;
  // Unknown but well-formed names pass: a field Tencent adds later lands in `extra`.
  const bad = names.find((name) => !/^[A-Za-z][A-Za-z0-9]*$/.test(name));
  if (bad !== undefined) {
    throw new ConfigError(
      `${field}: "${bad}" is not a getappinfo field name (e.g. ActiveUserNum)`,
      {
        field,
      },
    );
  }
  return [...new Set([...names, INFO_FIELDS.date])];
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
  const timeZone = checkTimeZone(env.TIME_ZONE?.trim() || DEFAULT_TIME_ZONE);
  return {
    secretId: required('SECRET_ID'),
    bucketName: required('BUCKET_NAME'),
    prefix: checkPrefix(env.SNAPSHOT_PREFIX?.trim() || DEFAULT_PREFIX),
    timeZone,
    requestFields: parseRequestFields(env.REQUEST_FIELDS),
  };
}

/** The Lambda configuration from this process's environment. */
export function loadLambdaConfig(): LambdaConfig {
  return parseLambdaEnv(process.env);
}
