/** What every chat platform's module gives the poster: the request to send, and how to read the answer. */
import type { ChatDigest } from './chat-digest.js';
import type { Webhook } from './webhook.js';

/** One POST: where to (the webhook's URL, maybe with a signature added) and its JSON body. */
export interface PlatformRequest {
  readonly url: string;
  readonly body: string;
}

/** What the platform's answer says. `retryable` only when the message was certainly not posted. */
export type PlatformAnswer =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** The platform's own words, e.g. `errcode 93000: invalid webhook url`. */
      readonly problem: string;
      readonly retryable: boolean;
    };

export interface Platform {
  /** Builds the request for `digest` at `now` (signatures carry a timestamp). */
  request(digest: ChatDigest, webhook: Webhook, now: Date): PlatformRequest;
  /** Reads the answer: HTTP status and body text (the platforms answer 200 with an error inside). */
  answer(status: number, body: string): PlatformAnswer;
}

/** The fields of a JSON answer: none when it is not JSON. */
function fieldsOf(body: string): Readonly<Record<string, unknown>> {
  try {
    // Object() makes null, a number or a string an object without the fields a platform's code
    // and message are in, so they read as missing without a check for each kind.
    return Object(JSON.parse(body));
  } catch {
    return {};
  }
}

/** The JSON answer's numeric code, and its message, from the fields a platform uses. */
export function codeIn(
  body: string,
  codeField: string,
  messageField: string,
): { readonly code: number; readonly message: string } | undefined {
  const record = fieldsOf(body);
  const code = record[codeField];
  if (typeof code !== 'number') return undefined;
  const message = record[messageField];
  return { code, message: typeof message === 'string' ? message : '' };
}

/**
 * The answer of a platform that says `{"errcode": 0, "errmsg": "ok"}` with HTTP 200 (WeCom,
 * DingTalk): anything else is a failure, tried again on HTTP 429 or the platform's `rateLimited`
 * code.
 */
export function errcodeAnswer(status: number, body: string, rateLimited: number): PlatformAnswer {
  const result = codeIn(body, 'errcode', 'errmsg');
  if (status !== 200 || result === undefined) {
    return { ok: false, problem: unexpected(status, body), retryable: status === 429 };
  }
  if (result.code === 0) return { ok: true };
  return {
    ok: false,
    problem: `errcode ${result.code}: ${result.message}`,
    retryable: result.code === rateLimited,
  };
}

/** The first characters of an answer that is not what the platform documents, for the error. */
export function unexpected(status: number, body: string): string {
  const start = body.trim().slice(0, 120).replace(/\s+/g, ' ');
  return `HTTP ${status}, not the documented answer${start === '' ? '' : `: ${start}`}`;
}
