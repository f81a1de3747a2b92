/** Checks a getappinfo response body and turns a non-zero `ErrorCode` into a typed error. */

import { isCalendarDate } from '../core/dates.js';
import { GetAppInfoError, ResponseFormatError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import { INFO_FIELDS } from '../core/opsdata-schema.js';
import { classifyErrorCode } from './error-codes.js';
import { redactUserSig } from './request.js';

/** One element of `Result`: the fields as sent, and its `Date` checked and written `YYYY-MM-DD`. */
export interface ResultDay {
  readonly statDate: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const EXCERPT_LENGTH = 120;

/**
 * How deep a `Result` element may nest arrays and objects, itself included. getappinfo sends flat
 * elements of strings; a deeply nested value would later overflow the stack in JSON.stringify
 * (unknown fields go to `extra` as JSON text), at a depth that depends on the caller's stack.
 */
export const MAX_RESULT_NESTING = 32;

/** Whether `value` nests arrays and objects more than `limit` levels deep (walked without recursion). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    // Only objects and arrays can nest: a flat element (the usual one) pushes nothing.
    for (const child of Object.values(item)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** The first characters of a body, on one line, for an error message. */
export function excerpt(body: string): string {
  // A proxy page may echo the request URL, UserSig included.
  const flat = redactUserSig(body).replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}

/** `"20261127"` → `"2026-11-27"`, or undefined when it is not a real calendar day. */
export function parseStatDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  return isCalendarDate(iso) ? iso : undefined;
}

/**
 * Parses a getappinfo body into its days. `ActionStatus` is not required: getappinfo's
 * documented response has none.
 * @throws GetAppInfoError for a non-zero ErrorCode; ResponseFormatError for any other shape.
 */
export function parseGetAppInfoBody(body: string, sdkAppId: number): ResultDay[] {
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
  return result.map((element: unknown, i) => {
    if (!isObject(element)) throw formatError(`Result[${i}] that is not an object`, false);
    if (nestedDeeperThan(element, MAX_RESULT_NESTING)) {
      throw formatError(`Result[${i}] nested more than ${MAX_RESULT_NESTING} levels deep`, false);
    }
    const statDate = parseStatDate(element[INFO_FIELDS.date]);
    if (statDate === undefined) {
      throw formatError(`Result[${i}] without a valid Date (YYYYMMDD)`, false);
    }
    return { statDate, fields: element };
  });
}
