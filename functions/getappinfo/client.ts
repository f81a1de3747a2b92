/**
 * Calls getappinfo for one app over undici with a fresh UserSig per attempt, a per-attempt
 * timeout, an overall deadline and retries with jittered backoff for the retryable failures.
 */

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, request } from 'undici';
import { GetAppInfoError } from '../core/errors.js';
import { MESSAGE_MAX, plainText } from '../core/plain-text.js';
import type { AppConfig } from '../secret/secret.js';
import { readBoundedBody } from './bounded-body.js';
import { classifyHttpStatus } from './error-codes.js';
import { getAppInfoBody, getAppInfoUrl, redactUserSig } from './request.js';
import { parseGetAppInfoBody, type ResultDay } from './response.js';
import { attemptTimeout, decideRetry, type GiveUpReason } from './retry-policy.js';
import { signUserSig } from './usersig.js';

export interface ClientOptions {
  /** A keep-alive undici Agent shared by every call of a run. */
  readonly dispatcher?: Dispatcher;
  readonly attemptTimeoutMs?: number;
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** A retry starts only if at least this long is left before the deadline. */
  readonly minAttemptMs?: number;
  /** Validity of each UserSig; short, because a new one is signed per attempt. */
  readonly userSigExpireSeconds?: number;
  /** Called after each failed attempt, with what happens next. */
  readonly onRetry?: (event: RetryEvent) => void;
  readonly clock?: () => number;
  readonly random?: () => number;
}

export interface RetryEvent {
  readonly sdkAppId: number;
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: GetAppInfoError;
}

/** How a getappinfo call ended: the answer, or the last attempt's error. */
export type FetchResult =
  | {
      readonly ok: true;
      /** The response body exactly as received, byte for byte. */
      readonly body: Uint8Array;
      readonly days: readonly ResultDay[];
      readonly attempts: number;
      /** Duration of the successful attempt. */
      readonly latencyMs: number;
    }
  | {
      readonly ok: false;
      readonly error: GetAppInfoError;
      /** Attempts made; 0 when the deadline had passed before the first. */
      readonly attempts: number;
      readonly gaveUp: GiveUpReason;
    };

/** getappinfo attempts per app and run, the first included (the dashboard's attempts axis shows it). */
export const DEFAULT_MAX_ATTEMPTS = 5;

const DEFAULTS = {
  attemptTimeoutMs: 10_000,
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  minAttemptMs: 1_000,
  userSigExpireSeconds: 600,
};

function uint32(): number {
  return randomBytes(4).readUInt32BE(0);
}

/** How long a timed-out attempt really took, and the limit it had. */
export interface AttemptTiming {
  readonly elapsedMs: number;
  readonly limitMs: number;
}

/**
 * Wraps a network-level failure of one attempt as a retryable GetAppInfoError. `timedOut` gives
 * the real time the attempt took (which the message says) and its limit. The cause's text goes
 * through `redactUserSig` (with the attempt's own `userSig`), because some transport errors quote
 * the request URL, and through `plainText`.
 */
export function networkError(
  app: Pick<AppConfig, 'sdkAppId'>,
  cause: unknown,
  timedOut: AttemptTiming | undefined,
  userSig?: string,
): GetAppInfoError {
  const detail =
    cause instanceof Error
      ? plainText(redactUserSig(`${cause.name}: ${cause.message}`, userSig), MESSAGE_MAX)
      : 'unknown error';
  const hint = timedOut
    ? 'the endpoint is slow or unreachable'
    : 'check the endpoint and network path';
  // The message carries the hint, as every getappinfo error's does: it is printed once, not twice.
  const message = timedOut
    ? `getappinfo for app ${app.sdkAppId} timed out after ${timedOut.elapsedMs} ms (its limit: ${timedOut.limitMs} ms) — ${hint}`
    : `getappinfo for app ${app.sdkAppId} failed on the network (${detail}) — ${hint}`;
  return new GetAppInfoError(message, { sdkAppId: app.sdkAppId, retryable: true, hint, cause });
}

async function attemptOnce(
  app: AppConfig,
  body: string,
  timeoutMs: number,
  options: ClientOptions,
  now: number,
  clock: () => number,
): Promise<{ body: Uint8Array; days: ResultDay[] }> {
  const userSig = signUserSig({
    sdkAppId: app.sdkAppId,
    identifier: app.identifier,
    secretKey: app.secretKey,
    now: Math.floor(now / 1000),
    expire: options.userSigExpireSeconds ?? DEFAULTS.userSigExpireSeconds,
  });
  const url = getAppInfoUrl(app, userSig, uint32());
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let bytes: Uint8Array;
  try {
    // undici ends the request when the signal fires, even in a TLS handshake that never
    // completes (it closes the socket then), so the attempt ends at its timeout.
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = response.statusCode;
    bytes = await readBoundedBody(response, app.sdkAppId, undefined, userSig);
  } catch (cause) {
    if (cause instanceof GetAppInfoError) throw cause; // an answer refused as too large
    const timing = signal.aborted ? { elapsedMs: clock() - now, limitMs: timeoutMs } : undefined;
    throw networkError(app, cause, timing, userSig);
  }
  if (status !== 200) {
    const { retryable, hint } = classifyHttpStatus(status);
    throw new GetAppInfoError(
      `getappinfo for app ${app.sdkAppId} answered HTTP ${status}${hint ? ` — ${hint}` : ''}`,
      { sdkAppId: app.sdkAppId, status, retryable, hint },
    );
  }
  const text = new TextDecoder().decode(bytes);
  return {
    body: bytes,
    days: parseGetAppInfoBody(text, app.sdkAppId, { now: new Date(clock()), userSig }),
  };
}

/**
 * Fetches the last 30 days of operations data for one app, retrying what `decideRetry` says is
 * worth retrying until `deadline` (epoch ms). A failure resolves (it does not throw) with the last
 * attempt's error, how many attempts were made and why the client gave up.
 * @throws only what is not a getappinfo failure: a ConfigError for an app without region or
 * endpoint, or a bug.
 */
export async function fetchAppInfo(
  app: AppConfig,
  requestFields: readonly string[] | undefined,
  deadline: number,
  options: ClientOptions = {},
): Promise<FetchResult> {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const limits = {
    maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
    minAttemptMs: options.minAttemptMs ?? DEFAULTS.minAttemptMs,
    baseMs: options.backoffBaseMs ?? DEFAULTS.backoffBaseMs,
    maxMs: options.backoffMaxMs ?? DEFAULTS.backoffMaxMs,
  };
  const body = getAppInfoBody(requestFields);
  const started = clock();
  const firstTimeoutMs = attemptTimeout(
    started,
    deadline,
    options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
  );
  if (firstTimeoutMs === 0) {
    const error = new GetAppInfoError(
      `getappinfo for app ${app.sdkAppId}: no time left before the deadline — raise the function timeout`,
      { sdkAppId: app.sdkAppId, retryable: true, hint: 'raise the function timeout' },
    );
    return { ok: false, error, attempts: 0, gaveUp: 'deadline' };
  }

  let previousErrorCode: number | undefined;
  for (let attempt = 1, timeoutMs = firstTimeoutMs; ; attempt++) {
    const attemptStarted = clock();
    try {
      const answer = await attemptOnce(app, body, timeoutMs, options, attemptStarted, clock);
      return { ok: true, ...answer, attempts: attempt, latencyMs: clock() - attemptStarted };
    } catch (error) {
      if (!(error instanceof GetAppInfoError)) throw error;
      const decision = decideRetry(
        {
          attempt,
          retryable: error.retryable,
          errorCode: error.errorCode,
          previousErrorCode,
          now: clock(),
          deadline,
          random: random(),
        },
        limits,
      );
      if (!decision.retry) return { ok: false, error, attempts: attempt, gaveUp: decision.reason };
      options.onRetry?.({ sdkAppId: app.sdkAppId, attempt, delayMs: decision.delayMs, error });
      previousErrorCode = error.errorCode;
      await sleep(decision.delayMs);
      // decideRetry left at least minAttemptMs, so this is positive.
      timeoutMs = attemptTimeout(
        clock(),
        deadline,
        options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
      );
    }
  }
}
