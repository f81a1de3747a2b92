/** Checks a getappinfo response body and turns a non-zero `ErrorCode` into a typed error. */
import { GetAppInfoError, ResponseFormatError } from './errors.js';
import { redactUserSig } from './getappinfo-request.js';
import { parseStatDate } from './opsdata-rows.js';
import { classifyErrorCode } from './retry-policy.js';

export type ResultElement = Readonly<Record<string, unknown>>;

const EXCERPT_LENGTH = 120;

/** The first characters of a body, on one line, for an error message. */
export function excerpt(body: string): string {
  // A proxy page may echo the request URL, UserSig included.
  const flat = redactUserSig(body).replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a getappinfo body into its `Result` elements. `ActionStatus` is not required:
 * getappinfo's documented response has none.
 * @throws GetAppInfoError for a non-zero ErrorCode; ResponseFormatError for any other shape.
 */
export function parseGetAppInfoBody(body: string, sdkAppId: number): ResultElement[] {
  const formatError = (problem: string, retryable: boolean, cause?: unknown) =>
    new ResponseFormatError(
      `getappinfo for app ${sdkAppId} returned ${problem}: "${excerpt(body)}"`,
      { sdkAppId, excerpt: excerpt(body), retryable, cause },
    );

  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (cause) {
    // A cut or garbled body is usually a dropped connection or a proxy page: worth a retry.
    throw formatError('a body that is not JSON', true, cause);
  }
  if (!isObject(doc)) throw formatError('JSON that is not an object', false);

  const { ErrorCode: errorCode, ErrorInfo: errorInfo } = doc;
  if (typeof errorCode !== 'number') throw formatError('no numeric ErrorCode', false);
  if (errorCode !== 0) {
    const info = typeof errorInfo === 'string' ? errorInfo : '';
    const { retryable, hint } = classifyErrorCode(errorCode);
    throw new GetAppInfoError(
      `getappinfo failed for app ${sdkAppId}: ${errorCode} ${info}${hint ? ` — ${hint}` : ''}`,
      { sdkAppId, errorCode, errorInfo: info, retryable, hint },
    );
  }

  const result = doc.Result;
  if (!Array.isArray(result)) throw formatError('ErrorCode 0 without a Result array', false);
  result.forEach((element, i) => {
    if (!isObject(element)) throw formatError(`Result[${i}] that is not an object`, false);
    if (parseStatDate(element.Date) === undefined) {
      throw formatError(`Result[${i}] without a valid Date (YYYYMMDD)`, false);
    }
  });
  return result as ResultElement[];
}
