/** The report's errors: a snapshot that cannot be read, or one that is not what the pipeline writes. */
import { OpsdataError } from '../core/errors.js';

/** A snapshot object holds something other than the rows the pipeline writes. */
export class SnapshotFormatError extends OpsdataError {
  override name = 'SnapshotFormatError';
  /** Where the object is (a file path or `s3://bucket/key`). */
  readonly location: string;
  /** 1-based line of the NDJSON, when the problem is on one line. */
  readonly line: number | undefined;

  constructor(message: string, details: { location: string; line?: number; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.location = details.location;
    this.line = details.line;
  }
}

/** Listing or reading snapshots failed (a missing folder, S3 access, the network). */
export class SnapshotReadError extends OpsdataError {
  override name = 'SnapshotReadError';
  readonly location: string;

  constructor(message: string, details: { location: string; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.location = details.location;
  }
}

/** The page could not be written where `--out` says. */
export class ReportWriteError extends OpsdataError {
  override name = 'ReportWriteError';
  readonly location: string;

  constructor(message: string, details: { location: string; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.location = details.location;
  }
}
