/** Checks a getappinfo response body and turns a non-zero `ErrorCode` into a typed error. */

import { isCalendarDate } from '../core/dates.js';
import { GetAppInfoError, ResponseFormatError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import { INFO_FIELDS } from '../core/opsdata-schema.js';
import { MESSAGE_MAX, plainText } from '../core/plain-text.js';
import { dayProblem, RESULT_WINDOW_DAYS, resultWindow } from './day-window.js';
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
function nestedDeeperThan(value: object, limit: number): boolean {
  const pending: [object, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (depth > limit) return true;
    // Only objects and arrays can nest: a flat element (the usual one) pushes nothing.
    for (const child of Object.values(item)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The first characters of a body, as one safe line for an error message. A proxy page may echo
 * the request URL, UserSig included (`userSig`: the attempt's own, hidden wherever it appears).
 */
export function excerpt(body: string, userSig?: string): string {
  // Cut first (a 512 KiB body is not cleaned in full), with room for what cleaning removes; the
  // UserSig is hidden before the cut, so that no part of it is left.
  const start = redactUserSig(body.slice(0, EXCERPT_LENGTH * 8), userSig);
  const flat = [...plainText(start.replace(/\s+/g, ' '), start.length)];
  return flat.length > EXCERPT_LENGTH
    ? `${flat.slice(0, EXCERPT_LENGTH).join('')}…`
    : flat.join('');
}

/** `"20261127"` → `"2026-11-27"`, or undefined when it is not a real calendar day. */
export function parseStatDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (m === null) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return isCalendarDate(iso) ? iso : undefined;
}

/** What parsing an answer needs besides the body. */
export interface ParseOptions {
  /** When the answer came: the days it may hold end at the API's Beijing day then (day-window.ts). */
  readonly now: Date;
  /** The attempt's UserSig, hidden in every text taken from the body (ErrorInfo, excerpts). */
  readonly userSig?: string;
}

/**
 * Parses a getappinfo body into its days. `ActionStatus` is not required: getappinfo's
 * documented response has none. The days are checked before anything else is done with them: at
 * most `RESULT_WINDOW_DAYS`, each inside the window that ends at the API's current Beijing day,
 * each once — an answer that breaks this rule is refused whole, without a retry.
 * @throws GetAppInfoError for a non-zero ErrorCode; ResponseFormatError for any other shape.
 */
export function parseGetAppInfoBody(
  body: string,
  sdkAppId: number,
  options: ParseOptions,
): ResultDay[] {
  const { userSig } = options;
  const formatError = (problem: string, retryable: boolean, cause?: unknown) =>
    new ResponseFormatError(
      `getappinfo for app ${sdkAppId} returned ${problem}: "${excerpt(body, userSig)}"`,
      { sdkAppId, excerpt: excerpt(body, userSig), retryable, cause },
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
    // A server that echoes the request may put the UserSig in ErrorInfo; the message is shown in
    // terminals, logs and e-mails, so it is one safe line too.
    const info = typeof errorInfo === 'string' ? redactUserSig(errorInfo, userSig) : '';
    const { retryable, hint } = classifyErrorCode(errorCode);
    const shown = plainText(info, MESSAGE_MAX);
    throw new GetAppInfoError(
      `getappinfo failed for app ${sdkAppId}: ${errorCode}${shown ? ` ${shown}` : ''}${hint ? ` — ${hint}` : ''}`,
      { sdkAppId, errorCode, errorInfo: info, retryable, hint },
    );
  }

  const result = doc.Result;
  if (!Array.isArray(result)) throw formatError('ErrorCode 0 without a Result array', false);
  if (result.length > RESULT_WINDOW_DAYS) {
    throw formatError(
      `${result.length} days in Result, more than the ${RESULT_WINDOW_DAYS} getappinfo answers with`,
      false,
    );
  }
  const window = resultWindow(options.now);
  const seen = new Map<string, number>();
  return result.map((element: unknown, i) => {
    if (!isObject(element)) throw formatError(`Result[${i}] that is not an object`, false);
    if (nestedDeeperThan(element, MAX_RESULT_NESTING)) {
      throw formatError(`Result[${i}] nested more than ${MAX_RESULT_NESTING} levels deep`, false);
    }
    const date = element[INFO_FIELDS.date];
    const statDate = parseStatDate(date);
    if (statDate === undefined) {
      throw formatError(`Result[${i}] without a valid Date (YYYYMMDD)`, false);
    }
    const problem = dayProblem(statDate, window, seen.get(statDate));
    if (problem !== undefined) {
      throw formatError(`Result[${i}] with Date ${String(date)}, which ${problem}`, false);
    }
    seen.set(statDate, i);
    return { statDate, fields: element };
  });
}
