/** The CLI's flags, parsed and checked without touching the world. */
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';
import { RULE_IDS, ruleFlagsToOverrides } from '../digest/anomaly-rules.js';
import { endpointProblem } from '../secret/secret.js';
import {
  checkSetting,
  type RunSettingName,
  type RunSettings,
  readSetting,
  SETTINGS,
  type SettingValue,
} from '../settings/settings.js';

export const USAGE = `Usage: npx chat-opsdata [options]        (or: npm start -- [options])

Takes a snapshot of Tencent Cloud Chat operations data (getappinfo) and writes it with the
S3 layout <prefix>/dt=YYYY-MM-DD/<sdkAppId>.json plus raw/<prefix>/... , and merges the rows
into the month objects days/<prefix>/month=YYYY-MM/<sdkAppId>.json.
With no options: starts the local simulator and snapshots its demo apps into ./snapshots/.
A run into a folder also writes <folder>/report.html; \`npx chat-opsdata report --help\` for the report,
\`npx chat-opsdata compact --help\` to rebuild the month objects from every snapshot.

Options:
  --secret-file <path>   the secret JSON in a file ({"sdkAppId","identifier","secretKey","region"} or {"apps":[...]})
  --secret-id <id>       the secret's name or ARN in AWS Secrets Manager (uses the AWS default credentials)
  --out <dir>            write under this folder (default: ./snapshots)
  --bucket <name>        write to this S3 bucket instead
  --endpoint <url>       use this base URL for every app instead of its region's domain
  --fields <A,B>         request only these getappinfo fields (Date is always added)
  --prefix <prefix>      snapshot prefix (default: ${SETTINGS.prefix.default})
  --time-zone <zone>     time zone of the run date (default: ${SETTINGS.timeZone.default})
  --concurrency <n>      how many apps are fetched at once, 1 to 64 (default: ${SETTINGS.concurrency.default})
  --rule <rule.setting=value>
                         change an anomaly rule, e.g. --rule dau_drop.threshold=0.6 or
                         --rule messages_spike.enabled=false (repeatable; rules: ${RULE_IDS.join(', ')})
  --force                replace the apps already written for today's run date (a run skips them)
  --notify               post the digest to the chat webhooks in the secret's "notify" list
  --json                 print the summary as JSON (only JSON on stdout: pipe it to jq)
  --mail                 print the digest e-mail as it would be sent (Subject: line, blank line,
                         text) instead of the summary
  -h, --help             show this help

Exit status: 0 every app written (anomalies included: they are news, not failures),
1 an app failed, 2 usage or configuration error.`;

export type SecretSource =
  | { readonly kind: 'demo' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'secrets-manager'; readonly secretId: string };

export type Destination =
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string };

export interface CliOptions {
  readonly help: boolean;
  readonly json: boolean;
  /** Replace the apps already written for the run date instead of skipping them. */
  readonly force: boolean;
  /** Post the digest to the secret's chat webhooks. */
  readonly notify: boolean;
  /** Print the digest e-mail instead of the summary. */
  readonly mail: boolean;
  readonly secret: SecretSource;
  readonly destination: Destination;
  readonly endpoint: string | undefined;
  /** Prefix, time zone, fields, concurrency and rules, checked as the function checks them. */
  readonly settings: RunSettings;
}

/**
 * Parses CLI arguments (without the node and script paths).
 * @throws ConfigError for an unknown flag or a bad combination.
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (cause) {
    throw new ConfigError(`${(cause as Error).message} (see --help)`, { cause });
  }
  if (values['secret-file'] !== undefined && values['secret-id'] !== undefined) {
    throw new ConfigError('use --secret-file or --secret-id, not both');
  }
  if (values.out !== undefined && values.bucket !== undefined) {
    throw new ConfigError('use --out or --bucket, not both');
  }
  if (values.json && values.mail) throw new ConfigError('use --json or --mail, not both');
  if (values.bucket === '') throw new ConfigError('--bucket needs a bucket name');
  const secret: SecretSource =
    values['secret-file'] !== undefined
      ? { kind: 'file', path: values['secret-file'] }
      : values['secret-id'] !== undefined
        ? { kind: 'secrets-manager', secretId: values['secret-id'] }
        : { kind: 'demo' };
  if (values.notify === true && secret.kind === 'demo') {
    throw new ConfigError(
      '--notify needs --secret-file or --secret-id: the webhooks are in the secret ("notify")',
      { field: '--notify' },
    );
  }
  if (values.endpoint !== undefined) {
    if (secret.kind === 'demo')
      throw new ConfigError('--endpoint needs --secret-file or --secret-id');
    const problem = endpointProblem(values.endpoint);
    if (problem !== undefined) {
      throw new ConfigError(`--endpoint ${problem}`, { field: '--endpoint' });
    }
  }
  // A flag not given takes the setting's default; a flag given, even empty, is checked as it is.
  const flag = <N extends RunSettingName>(name: N, value: unknown): SettingValue<N> =>
    value === undefined
      ? readSetting(name, undefined, SETTINGS[name].flag)
      : checkSetting(name, value, SETTINGS[name].flag);
  const settings: RunSettings = {
    prefix: flag('prefix', values.prefix),
    timeZone: flag('timeZone', values['time-zone']),
    requestFields: flag('requestFields', values.fields),
    concurrency: flag('concurrency', values.concurrency),
    rules: flag('rules', ruleFlagsToOverrides(values.rule ?? [])),
  };
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    force: values.force ?? false,
    notify: values.notify ?? false,
    mail: values.mail ?? false,
    secret,
    destination:
      values.bucket !== undefined
        ? { kind: 's3', bucket: values.bucket }
        : { kind: 'dir', path: values.out ?? 'snapshots' },
    endpoint: values.endpoint,
    settings,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      'secret-file': { type: 'string' },
      'secret-id': { type: 'string' },
      out: { type: 'string' },
      bucket: { type: 'string' },
      endpoint: { type: 'string' },
      fields: { type: 'string' },
      prefix: { type: 'string' },
      'time-zone': { type: 'string' },
      concurrency: { type: 'string' },
      rule: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      notify: { type: 'boolean' },
      mail: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
