/** `npm run report`'s flags, parsed and checked without touching the world. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';
import { RULE_IDS, type RuleSettings, ruleFlagsToOverrides } from '../digest/anomaly-rules.js';
import { checkSetting, SETTINGS } from '../settings/settings.js';

/** `npm run report -- --help`. */
export const REPORT_USAGE = `Usage: npx chat-opsdata report [options]   (or: npm run report -- [options])

Writes one self-contained HTML page with charts of every app's history, from the snapshots in a
folder with the S3 layout or in an S3 bucket. Every dt= partition is read; for each app and day
the newest snapshot wins, as in the Athena view getappinfo_daily.

Options:
  --snapshots <dir>   read this folder (default: ./snapshots)
  --bucket <name>     read this S3 bucket instead (uses the AWS default credentials)
  --prefix <prefix>   snapshot prefix (default: ${SETTINGS.prefix.default})
  --out <file>        write the page here (default: report.html in the snapshots folder, where
                      npm start puts it; ./report.html for a bucket)
  --days <n>          show only the last n days, up to the newest day of any app
  --rule <rule.setting=value>
                      change an anomaly rule of the digest, as npm start takes it (repeatable;
                      rules: ${RULE_IDS.join(', ')})
  -h, --help          show this help

Exit status: 0 report written, 1 a snapshot could not be read or parsed, 2 usage or configuration error.`;

/**
 * Where a report goes unless `--out` says otherwise, one rule for `npm start` and the report: in
 * the folder of the snapshots it shows (`snapshots/report.html`), or, made from a bucket, in the
 * current folder.
 */
export function defaultReportPath(snapshotsDir: string | undefined): string {
  return snapshotsDir === undefined ? 'report.html' : join(snapshotsDir, 'report.html');
}

/** Where the snapshots are read from (the report, compact): a folder or a bucket. */
export type ReportSourceOption =
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string };

/**
 * `--snapshots <dir>` or `--bucket <name>`, checked: not both, neither empty; ./snapshots without
 * either.
 * @throws ConfigError naming the flag.
 */
export function snapshotsFlags(values: {
  readonly snapshots?: string | undefined;
  readonly bucket?: string | undefined;
}): ReportSourceOption {
  if (values.snapshots !== undefined && values.bucket !== undefined) {
    throw new ConfigError('use --snapshots or --bucket, not both');
  }
  if (values.bucket === '') throw new ConfigError('--bucket needs a bucket name');
  if (values.snapshots === '') throw new ConfigError('--snapshots needs a folder');
  return values.bucket !== undefined
    ? { kind: 's3', bucket: values.bucket }
    : { kind: 'dir', path: values.snapshots ?? 'snapshots' };
}

/** The report's flags, checked. */
export interface ReportCliOptions {
  readonly help: boolean;
  readonly source: ReportSourceOption;
  readonly prefix: string;
  readonly out: string;
  readonly days: number | undefined;
  readonly rules: RuleSettings;
}

/** Largest `--days`: a hundred years of days is more than any history holds. */
const MAX_DAYS = 36_500;

/**
 * Parses the report's arguments (without the node and script paths).
 * @throws ConfigError for an unknown flag, a bad value or a bad combination.
 */
export function parseReportArgs(argv: readonly string[]): ReportCliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (cause) {
    throw new ConfigError(`${(cause as Error).message} (see --help)`, { cause });
  }
  const source = snapshotsFlags(values);
  let days: number | undefined;
  if (values.days !== undefined) {
    days = /^[1-9]\d*$/.test(values.days) ? Number(values.days) : Number.NaN;
    if (!(days <= MAX_DAYS)) {
      throw new ConfigError(
        `--days "${values.days}" must be a whole number from 1 to ${MAX_DAYS}`,
        {
          field: '--days',
        },
      );
    }
  }
  return {
    help: values.help ?? false,
    source,
    prefix: checkSetting('prefix', values.prefix ?? SETTINGS.prefix.default, SETTINGS.prefix.flag),
    out: values.out ?? defaultReportPath(source.kind === 'dir' ? source.path : undefined),
    days,
    rules: checkSetting('rules', ruleFlagsToOverrides(values.rule ?? []), SETTINGS.rules.flag),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      snapshots: { type: 'string' },
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      out: { type: 'string' },
      days: { type: 'string' },
      rule: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
