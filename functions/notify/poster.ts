/**
 * Posts the chat digest to every webhook: one POST each, all at once, each with its own deadline
 * and a bounded answer, read the way its platform reports errors (HTTP 200 with a code inside).
 * A POST is tried again only when the message was certainly not posted — the connection was never
 * made, or the platform said it was rate limited — so a retry never doubles a message. Nothing
 * here names a webhook by its URL: results carry its place in the list and its redacted URL.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, request } from 'undici';
import type { ChatDigest } from './chat-digest.js';
import { dingtalk } from './dingtalk.js';
import { feishu } from './feishu.js';
import type { Platform, PlatformAnswer } from './platform.js';
import { slack } from './slack.js';
import {
  redactWebhookUrl,
  type Webhook,
  type WebhookKind,
  webhookLabel,
  withoutSecrets,
} from './webhook.js';
import { wecom } from './wecom.js';

export const PLATFORMS: Readonly<Record<WebhookKind, Platform>> = {
  slack,
  wecom,
  feishu,
  dingtalk,
};

/** The most of an answer read: the platforms answer a few dozen bytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export interface PostOptions {
  readonly dispatcher: Dispatcher;
  /** Epoch ms by which every POST must be done (the run's deadline). */
  readonly deadline: number;
  /** The clock for signatures and deadlines. */
  readonly now?: () => Date;
  /** One POST's own limit, connection to last byte of the answer (default 10 s). */
  readonly attemptTimeoutMs?: number;
  /** Tries per webhook when a retry is safe (default 3). */
  readonly maxAttempts?: number;
  /** Wait before try n+1: n × this, or the platform's Retry-After (default 1 s). */
  readonly retryDelayMs?: number;
}

/** How one webhook's POST ended. */
export interface WebhookResult {
  readonly index: number;
  readonly kind: WebhookKind;
  /** `notify[1] (wecom, https://qyapi.weixin.qq.com/…)`. */
  readonly label: string;
  /** The URL without its token, for a log line. */
  readonly url: string;
  readonly ok: boolean;
  readonly attempts: number;
  /** Why it failed, in the platform's words or the network's; never a token. */
  readonly problem?: string;
}

/** Connection errors from before a request was sent: nothing was posted, a retry is safe. */
const NOT_SENT: ReadonlySet<string | undefined> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

type Attempt = PlatformAnswer & { readonly retryAfterMs?: number };

/** Reads at most `MAX_ANSWER_BYTES` of the answer; undefined when it is longer. */
async function readAnswer(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += (chunk as Buffer).byteLength;
    // Leaving the loop destroys the stream: the rest is not read.
    if (length > MAX_ANSWER_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function attempt(
  platform: Platform,
  url: string,
  body: string,
  options: PostOptions,
  timeoutMs: number,
): Promise<Attempt> {
  try {
    const response = await request(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      dispatcher: options.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = await readAnswer(response.body);
    if (answer === undefined) {
      return {
        ok: false,
        problem: `HTTP ${response.statusCode}, an answer longer than ${MAX_ANSWER_BYTES} bytes: not a chat webhook`,
        retryable: false,
      };
    }
    const verdict = platform.answer(response.statusCode, answer);
    const retryAfter = Number(response.headers['retry-after']);
    return Number.isFinite(retryAfter) && retryAfter > 0
      ? { ...verdict, retryAfterMs: retryAfter * 1000 }
      : verdict;
  } catch (error) {
    const { name, message, code } = error as Error & { readonly code?: string };
    // The attempt's own limit (`AbortSignal.timeout`): the POST went out, its answer did not come.
    if (name === 'TimeoutError') {
      return {
        ok: false,
        problem: `no answer within ${timeoutMs} ms (the message may have been posted)`,
        retryable: false,
      };
    }
    // undici's and Node's errors carry their code on themselves (`ECONNREFUSED`, `UND_ERR_SOCKET`).
    return { ok: false, problem: `${code ?? name}: ${message}`, retryable: NOT_SENT.has(code) };
  }
}

async function postOne(
  webhook: Webhook,
  index: number,
  digest: ChatDigest,
  options: PostOptions,
): Promise<WebhookResult> {
  const now = options.now ?? (() => new Date());
  const platform = PLATFORMS[webhook.kind];
  const maxAttempts = options.maxAttempts ?? 3;
  const result = (ok: boolean, attempts: number, problem?: string): WebhookResult => ({
    index,
    kind: webhook.kind,
    label: webhookLabel(index, webhook),
    url: redactWebhookUrl(webhook.url),
    ok,
    attempts,
    ...(problem === undefined ? {} : { problem: withoutSecrets(problem, webhook) }),
  });
  let last = 'the run had no time left to post';
  for (let tries = 1; ; tries++) {
    const left = options.deadline - now().getTime();
    if (left <= 0) return result(false, tries - 1, last);
    // Signed anew each time: the signature carries the time.
    const { url, body } = platform.request(digest, webhook, now());
    const outcome = await attempt(
      platform,
      url,
      body,
      options,
      Math.min(options.attemptTimeoutMs ?? 10_000, left),
    );
    if (outcome.ok) return result(true, tries);
    last = outcome.problem;
    if (!outcome.retryable || tries >= maxAttempts) return result(false, tries, last);
    const wait = outcome.retryAfterMs ?? tries * (options.retryDelayMs ?? 1_000);
    if (now().getTime() + wait >= options.deadline) return result(false, tries, last);
    await sleep(Math.min(wait, 30_000));
  }
}

/**
 * Posts `digest` to every webhook at once (or only to those at `indices`, which keep their place in
 * the list for their labels); resolves with each one's result, failures included.
 */
export function postDigest(
  webhooks: readonly Webhook[],
  digest: ChatDigest,
  options: PostOptions,
  indices: readonly number[] = webhooks.map((_, i) => i),
): Promise<WebhookResult[]> {
  return Promise.all(
    indices.flatMap((i) => {
      const webhook = webhooks[i];
      return webhook === undefined ? [] : [postOne(webhook, i, digest, options)];
    }),
  );
}
