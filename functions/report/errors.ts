/** The report's errors: a snapshot that cannot be read, a page that cannot be written. */
import { OpsdataError } from '../core/errors.js';

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
