/** `npm run report` (and `npm start -- report`): snapshots in, one HTML file out. */
import { stat } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { checkAwsSetup } from '../aws/aws-setup.js';
import { awsS3Client } from '../aws/clients.js';
import { type CliIo, EXIT, reportError } from '../cli/cli-io.js';
import { ConfigError, SnapshotFormatError } from '../core/errors.js';
import { groupDigits, plural } from '../core/format.js';
import type { RuleSettings } from '../digest/anomaly-rules.js';
import { MAX_SPAN_DAYS } from './app-history.js';
import { type BuiltReport, buildReport } from './build-report.js';
import { dirSource } from './read/dir-source.js';
import { s3Source } from './read/s3-source.js';
import type { SnapshotSource } from './read/snapshot-source.js';
import { defaultReportPath, parseReportArgs, REPORT_USAGE } from './report-args.js';
import { writeReportFile } from './write-report.js';

/** Builds the report from `source` and writes it to `out`; returns the file's absolute path. */
export async function writeReport(options: {
  readonly source: SnapshotSource;
  readonly prefix: string;
  readonly out: string;
  readonly days?: number;
  readonly rules?: RuleSettings;
}): Promise<{
  path: string;
  apps: number;
  snapshots: number;
  read: BuiltReport['read'];
  ignored: readonly string[];
  clipped: readonly bigint[];
}> {
  const report = await buildReport({ ...options, now: new Date() });
  const path = await writeReportFile(options.out, report.html);
  const { apps, snapshots, read, ignored, clipped } = report;
  return { path, apps, snapshots, read, ignored, clipped };
}

/**
 * A missing folder is not an empty one: says which, and what makes one.
 * @throws ConfigError naming `--snapshots`.
 */
async function checkFolder(path: string): Promise<void> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (found instanceof Error && found.code === 'ENOENT') {
    throw new ConfigError(
      `no folder ${path} — make one with npx chat-opsdata (it writes ./snapshots), or name yours with --snapshots <folder>`,
      { field: '--snapshots' },
    );
  }
  if (!(found instanceof Error) && !found.isDirectory()) {
    throw new ConfigError(`--snapshots ${path} is a file, not a folder of snapshots`, {
      field: '--snapshots',
    });
  }
}

/** Runs the report CLI with `argv` (flags only) and resolves with the exit status (0, 1 or 2). */
export async function runReportCli(argv: readonly string[], io: CliIo): Promise<number> {
  let client: S3Client | undefined;
  try {
    const options = parseReportArgs(argv);
    if (options.help) {
      io.stdout(REPORT_USAGE);
      return EXIT.ok;
    }
    let source: SnapshotSource;
    if (options.source.kind === 's3') {
      client = awsS3Client();
      await checkAwsSetup(client.config, {
        field: '--bucket',
        subject: `--bucket ${options.source.bucket}`,
      });
      source = s3Source(client, options.source.bucket);
    } else {
      await checkFolder(options.source.path);
      source = dirSource(options.source.path);
    }
    const written = await writeReport({ ...options, source });
    if (written.ignored.length > 0) {
      io.stderr(
        `chat-opsdata report: not read, not snapshots: ${written.ignored.length} object(s), e.g. ${source.locate(written.ignored[0] ?? '')}`,
      );
    }
    if (written.clipped.length > 0) {
      io.stderr(
        `chat-opsdata report: ${plural(written.clipped.length, 'app')} (${written.clipped.join(', ')}) with days more than ${groupDigits(MAX_SPAN_DAYS)} days apart: only the last ${groupDigits(MAX_SPAN_DAYS)} days of each are drawn — older days come from snapshots that hold days getappinfo never sends`,
      );
    }
    const { months, snapshots } = written.read;
    io.stdout(
      `Report of ${plural(written.apps, 'app')} from ${plural(written.snapshots, 'snapshot file')} (read: ${plural(months, 'month object')}, ${plural(snapshots, 'snapshot')}): ${written.path}`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportError('chat-opsdata report', error, io, (known) =>
      known instanceof SnapshotFormatError
        ? ' — the pipeline never writes this: fix or remove that file'
        : '',
    );
  } finally {
    client?.destroy();
  }
}

/**
 * After a run into the folder `dir`: writes `<dir>/report.html` from every snapshot there and
 * returns the summary's closing line (where it is, or why it is not there; never throws).
 */
export async function reportBesideSnapshots(
  dir: string,
  prefix: string,
  rules?: RuleSettings,
): Promise<string> {
  const out = defaultReportPath(dir);
  try {
    await writeReport({ source: dirSource(dir), prefix, out, rules });
    return `Report: ${out} (open it in a browser)`;
  } catch (error) {
    return `Report not written: ${error instanceof Error ? error.message : String(error)}`;
  }
}
