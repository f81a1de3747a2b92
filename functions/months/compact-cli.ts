/** `npm run compact` (and `npm start -- compact`): snapshots in, the month layer rebuilt. */
import { checkAwsSetup } from '../aws/aws-setup.js';
import { awsS3Client } from '../aws/clients.js';
import { s3Store } from '../aws/s3-store.js';
import { type CliIo, EXIT, reportError } from '../cli/cli-io.js';
import { SnapshotFormatError } from '../core/errors.js';
import { plural } from '../core/format.js';
import { dirStore } from '../local/dir-store.js';
import { dirSource } from '../report/read/dir-source.js';
import { s3Source } from '../report/read/s3-source.js';
import { type CompactProgress, compactMonths } from './compact.js';
import { COMPACT_USAGE, type CompactPlace, parseCompactArgs } from './compact-args.js';

/** Objects read at once: far below S3's request rates, enough to hide a bucket's latency. */
const CONCURRENCY = 32;

/** How often a long compact says how far it is (on stderr). */
export const PROGRESS_EVERY_MS = 5_000;

export interface CompactCliDeps {
  /** The clock, for the progress line (tests move it). */
  readonly now?: () => number;
}

const progressLine = (p: CompactProgress) =>
  `compact: ${p.appsDone} of ${plural(p.apps, 'app')}, ${p.snapshotsRead.toLocaleString('en-US')} of ${plural(p.snapshots, 'snapshot')} read, ${plural(p.monthsWritten, 'month object')} written`;

/**
 * Where compact reads and writes; for a bucket, the S3 client with its timeouts, after checking
 * that AWS has a region and credentials (exit 2 saying what to set, before any listing).
 */
async function open(place: CompactPlace) {
  if (place.kind === 'dir') {
    return { source: dirSource(place.path), store: dirStore(place.path), close: () => {} };
  }
  const client = awsS3Client();
  try {
    // Stryker disable next-line StringLiteral: compact shows the message (it names --bucket), never the error's field
    await checkAwsSetup(client.config, { field: '--bucket', subject: `--bucket ${place.bucket}` });
  } catch (error) {
    // Stryker disable next-line CallExpression: equivalent (no request was sent, so the client holds no socket yet; destroying it only tidies)
    client.destroy();
    throw error;
  }
  return {
    source: s3Source(client, place.bucket),
    store: s3Store(client, place.bucket),
    close: () => client.destroy(),
  };
}

/** Runs compact with `argv` (flags only) and resolves with the exit status (0, 1 or 2). */
export async function runCompactCli(
  argv: readonly string[],
  io: CliIo,
  deps: CompactCliDeps = {},
): Promise<number> {
  let close = () => {};
  try {
    const options = parseCompactArgs(argv);
    if (options.help) {
      io.stdout(COMPACT_USAGE);
      return EXIT.ok;
    }
    const opened = await open(options.place);
    close = opened.close;
    const now = deps.now ?? Date.now;
    let lastLine = now();
    const result = await compactMonths({
      ...opened,
      prefix: options.prefix,
      concurrency: CONCURRENCY,
      onProgress: (progress) => {
        // Only a long compact says how far it is, every few seconds; the result line says the rest.
        if (progress.appsDone === progress.apps || now() - lastLine < PROGRESS_EVERY_MS) return;
        lastLine = now();
        io.stderr(progressLine(progress));
      },
    });
    const [firstIgnored] = result.ignored;
    if (firstIgnored !== undefined) {
      io.stderr(
        `chat-opsdata compact: not read, not snapshots: ${result.ignored.length} object(s), e.g. ${opened.source.locate(firstIgnored)}`,
      );
    }
    const { created, updated, unchanged, replaced } = result.months;
    io.stdout(
      `Month layer of ${plural(result.apps, 'app')} from ${plural(result.snapshots, 'snapshot file')}: ${created} created, ${updated} updated, ${replaced} replaced, ${unchanged} unchanged — ${result.layer}`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportError('chat-opsdata compact', error, io, (known) =>
      known instanceof SnapshotFormatError
        ? ' — the pipeline never writes this: fix or remove that file, then run compact again'
        : '',
    );
  } finally {
    close();
  }
}
