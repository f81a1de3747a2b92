/** Errors with a name, the facts a caller needs, and a message that says what to fix. */

/** Base of every error this project throws on purpose. */
export class OpsdataError extends Error {
  override name = 'OpsdataError';
}

/** The configuration (secret, environment, CLI flags) is missing or wrong. Never carries values. */
export class ConfigError extends OpsdataError {
  override name = 'ConfigError';
  /** The field or variable that is wrong, e.g. `apps[1].region`. */
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.field = options.field;
  }
}

/** A getappinfo call failed: an API `ErrorCode`, an HTTP status, the network or a timeout. */
export class GetAppInfoError extends OpsdataError {
  override name = 'GetAppInfoError';
  readonly sdkAppId: number;
  /** Tencent `ErrorCode` when the API answered with one. */
  readonly errorCode: number | undefined;
  readonly errorInfo: string | undefined;
  /** HTTP status when the server answered with something other than 200. */
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** What the operator should check; empty when there is nothing specific to say. */
  readonly hint: string;
  constructor(
    message: string,
    details: {
      sdkAppId: number;
      retryable: boolean;
      hint?: string;
      errorCode?: number;
      errorInfo?: string;
      status?: number;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.sdkAppId = details.sdkAppId;
    this.retryable = details.retryable;
    this.hint = details.hint ?? '';
    this.errorCode = details.errorCode;
    this.errorInfo = details.errorInfo;
    this.status = details.status;
  }
}

/** getappinfo answered with a body that is not the documented shape. */
export class ResponseFormatError extends GetAppInfoError {
  override name = 'ResponseFormatError';
  /** The first characters of the body, for the log. */
  readonly excerpt: string;

  constructor(
    message: string,
    details: { sdkAppId: number; excerpt: string; retryable: boolean; cause?: unknown },
  ) {
    super(message, details);
    this.excerpt = details.excerpt;
  }
}

/** Writing a snapshot object failed. */
export class StoreError extends OpsdataError {
  override name = 'StoreError';
  readonly key: string;

  constructor(message: string, options: { key: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.key = options.key;
  }
}

/** Why a conditional write was refused. */
export type PreconditionReason =
  /** `ifNoneMatch: '*'` and an object already has the key. */
  | 'exists'
  /** `ifMatch` and the object has another ETag now: someone wrote it since it was read. */
  | 'changed'
  /** `ifMatch` and there is no object under the key any more. */
  | 'absent'
  /** S3's 409 ConditionalRequestConflict: another conditional write to the key was in flight. */
  | 'conflict';

/** A conditional write was refused: read again and retry, or take it that someone was first. */
export class PreconditionFailedError extends StoreError {
  override name = 'PreconditionFailedError';
  readonly reason: PreconditionReason;

  constructor(
    message: string,
    options: { key: string; reason: PreconditionReason; cause?: unknown },
  ) {
    super(message, options);
    this.reason = options.reason;
  }
}

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

/** At least one app failed; thrown after every other app was written, so alarms fire. */
export class RunFailedError extends OpsdataError {
  override name = 'RunFailedError';
  readonly failedApps: readonly number[];

  constructor(message: string, failedApps: readonly number[]) {
    super(message);
    this.failedApps = failedApps;
  }
}

/** The digest could not be published to its SNS topic (the snapshots were written). */
export class DigestPublishError extends OpsdataError {
  override name = 'DigestPublishError';
}

/** One or more chat webhooks did not take the digest (the snapshots were written). */
export class NotifyError extends OpsdataError {
  override name = 'NotifyError';
  /** How many webhooks failed. */
  readonly failed: number;

  constructor(message: string, failed: number) {
    super(message);
    this.failed = failed;
  }
}

/**
 * A once-a-day message (the digest e-mail, the chat digest) that an earlier run of the same run
 * date claimed and could not send: it is not sent twice, and the day stays incomplete.
 */
export class NotSentEarlierError extends OpsdataError {
  override name = 'NotSentEarlierError';
}
