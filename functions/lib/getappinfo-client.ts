/**
 * Calls getappinfo for one app over undici with a fresh UserSig per attempt, a per-attempt
 * timeout, an overall deadline and retries with jittered backoff for the retryable failures.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, request } from 'undici';
import { GetAppInfoError } from './errors.js';
import { getAppInfoBody, getAppInfoUrl, redactUserSig } from './getappinfo-request.js';
import { parseGetAppInfoBody, type ResultElement } from './getappinfo-response.js';
import { backoffDelay, classifyHttpStatus } from './retry-policy.js';
import type { AppConfig } from './secret.js';
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

export interface GetAppInfoResponse {
  /** The response body exactly as received, byte for byte. */
  readonly body: Uint8Array;
  readonly result: ResultElement[];
  readonly attempts: number;
  /** Duration of the successful attempt. */
  readonly latencyMs: number;
}

const DEFAULTS = {
  attemptTimeoutMs: 10_000,
  maxAttempts: 5,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  minAttemptMs: 1_000,
  userSigExpireSeconds: 600,
};

function uint32(): number {
  return randomBytes(4).readUInt32BE(0);
}

/** Wraps a network-level failure; the message never includes the request URL. */
function networkError(app: AppConfig, cause: unknown, timedOut: boolean, timeoutMs: number) {
  const detail =
    cause instanceof Error ? redactUserSig(`${cause.name}: ${cause.message}`) : 'unknown error';
  const message = timedOut
    ? `getappinfo for app ${app.sdkAppId} timed out after ${timeoutMs} ms`
    : `getappinfo for app ${app.sdkAppId} failed on the network (${detail})`;
  return new GetAppInfoError(message, {
    sdkAppId: app.sdkAppId,
    retryable: true,
    hint: timedOut ? 'the endpoint is slow or unreachable' : 'check the endpoint and network path',
    cause,
  });
}

async function attemptOnce(
  app: AppConfig,
  body: string,
  timeoutMs: number,
  options: ClientOptions,
  now: number,
): Promise<{ body: Uint8Array; result: ResultElement[] }> {
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
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = response.statusCode;
    bytes = new Uint8Array(await response.body.arrayBuffer());
  } catch (cause) {
    throw networkError(app, cause, signal.aborted, timeoutMs);
  }
  if (status !== 200) {
    const { retryable, hint } = classifyHttpStatus(status);
    throw new GetAppInfoError(
      `getappinfo for app ${app.sdkAppId} answered HTTP ${status}${hint ? ` — ${hint}` : ''}`,
      { sdkAppId: app.sdkAppId, status, retryable, hint },
    );
  }
  const text = new TextDecoder().decode(bytes);
  return { body: bytes, result: parseGetAppInfoBody(text, app.sdkAppId) };
}

/**
 * Fetches the last 30 days of operations data for one app, retrying what is worth retrying
 * until `deadline` (epoch ms).
 * @throws GetAppInfoError (or its ResponseFormatError) from the last attempt.
 */
export async function fetchAppInfo(
  app: AppConfig,
  requestFields: readonly string[] | undefined,
  deadline: number,
  options: ClientOptions = {},
): Promise<GetAppInfoResponse> {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const minAttemptMs = options.minAttemptMs ?? DEFAULTS.minAttemptMs;
  const body = getAppInfoBody(requestFields);
  let previousCode: number | undefined;

  for (let attempt = 1; ; attempt++) {
    const started = clock();
    const timeoutMs = Math.min(
      options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
      deadline - started,
    );
    if (timeoutMs <= 0) {
      const error = new GetAppInfoError(
        `getappinfo for app ${app.sdkAppId}: no time left before the deadline`,
        { sdkAppId: app.sdkAppId, retryable: true, hint: 'raise the function timeout' },
      );
      error.attempts = attempt - 1;
      throw error;
    }
    try {
      const { body: raw, result } = await attemptOnce(app, body, timeoutMs, options, started);
      return { body: raw, result, attempts: attempt, latencyMs: clock() - started };
    } catch (error) {
      if (!(error instanceof GetAppInfoError)) throw error;
      const delayMs = backoffDelay(attempt, random(), {
        baseMs: options.backoffBaseMs ?? DEFAULTS.backoffBaseMs,
        maxMs: options.backoffMaxMs ?? DEFAULTS.backoffMaxMs,
      });
      // Every attempt signs anew, so a second 70001 in a row is a skewed clock, not bad luck.
      const expiredAgain = error.errorCode === 70001 && previousCode === 70001;
      // A retry squeezed into the last moments would only replace the real error with a timeout.
      const outOfTime = clock() + delayMs + minAttemptMs > deadline;
      if (!error.retryable || expiredAgain || attempt >= maxAttempts || outOfTime) {
        error.attempts = attempt;
        if (attempt > 1) error.message += ` (after ${attempt} attempts)`;
        throw error;
      }
      options.onRetry?.({ sdkAppId: app.sdkAppId, attempt, delayMs, error });
      previousCode = error.errorCode;
      await sleep(delayMs);
    }
  }
}
