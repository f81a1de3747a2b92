/** `npm run compact`'s flags, parsed and checked without touching the world. */
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';
import { type ReportSourceOption, snapshotsFlags } from '../report/report-args.js';
import { checkSetting, SETTINGS } from '../settings/settings.js';

/** `npm run compact -- --help`. */
export const COMPACT_USAGE = `Usage: npm run compact -- [options]      (or: npm start -- compact [options])

Rebuilds the month layer (days/<prefix>/month=YYYY-MM/<sdkAppId>.json: one line per app and day,
from the newest snapshot that holds it) from every snapshot in a folder with the S3 layout or in
an S3 bucket, with the merge the daily run uses. Run it once after upgrading a stack that already
holds snapshots; running it again changes nothing. Month objects are merged with conditional
writes, so a run writing at the same time loses nothing.

Options:
  --snapshots <dir>   the folder (default: ./snapshots)
  --bucket <name>     the S3 bucket instead (AWS default credentials; they need s3:ListBucket,
                      s3:GetObject on <prefix>/* and s3:GetObject, s3:PutObject on days/<prefix>/*)
  --prefix <prefix>   snapshot prefix (default: ${SETTINGS.prefix.default})
  -h, --help          show this help

Exit status: 0 done, 1 a snapshot could not be read or parsed or a month object not written,
2 usage or configuration error.`;

/** Where the snapshots are and the month objects go. */
export type CompactPlace = ReportSourceOption;

/** compact's flags, checked. */
export interface CompactCliOptions {
  readonly help: boolean;
  readonly place: CompactPlace;
  readonly prefix: string;
}

/**
 * Parses compact's arguments (without the node and script paths).
 * @throws ConfigError for an unknown flag, a bad value or a bad combination.
 */
export function parseCompactArgs(argv: readonly string[]): CompactCliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (cause) {
    throw new ConfigError(`${(cause as Error).message} (see --help)`, { cause });
  }
  return {
    help: values.help ?? false,
    place: snapshotsFlags(values),
    prefix: checkSetting('prefix', values.prefix ?? SETTINGS.prefix.default, SETTINGS.prefix.flag),
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
      help: { type: 'boolean', short: 'h' },
    },
  });
}
