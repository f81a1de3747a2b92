/**
 * A local stand-in for the four chat platforms' incoming webhooks, over real HTTP on 127.0.0.1:
 * Slack (`/services/…/<token>`), WeCom (`/cgi-bin/webhook/send?key=`), Feishu/Lark
 * (`/open-apis/bot/v2/hook/<token>`) and DingTalk (`/robot/send?access_token=`). Each checks what
 * its platform checks — the token, the message's shape and size, and, with a signing secret, the
 * timestamp and signature, verified here with WebCrypto, not with the code under test — and answers
 * as its platform does: HTTP 200 with an error code inside for WeCom, Feishu and DingTalk, an error
 * word for Slack. Faults (another answer, a delay, a reset) can be played on demand.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookKind } from '../../functions/notify/webhook.js';

export interface WebhookServerOptions {
  /** The Feishu robot checks signatures with this secret; unsigned posts are then refused. */
  readonly feishuSecret?: string;
  /** The DingTalk robot checks signatures with this secret ("加签"). */
  readonly dingtalkSecret?: string;
  /** The DingTalk robot's "custom keyword": a message without it is refused. */
  readonly dingtalkKeyword?: string;
  /** The platforms' clock, epoch ms (their signatures must be within an hour of it). */
  readonly now?: () => number;
}

/** One POST as the server saw it, and what it answered. */
export interface ReceivedPost {
  readonly kind: WebhookKind | 'unknown';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
  readonly body: string;
  /** `accepted`, or the error the platform answered. */
  readonly verdict: string;
}

/** Instead of checking the next post(s) of a kind: this answer, or a delay, or a reset connection. */
export interface WebhookFault {
  readonly status?: number;
  readonly body?: string;
  readonly delayMs?: number;
  readonly reset?: boolean;
  /** A `Retry-After` header on the fault's answer, as Slack sends with a 429 (seconds, as text). */
  readonly retryAfter?: string;
  /** How many posts it applies to (default every one until `reset()`). */
  readonly times?: number;
}

export interface RunningWebhooks {
  readonly base: string;
  /** A working webhook URL of `kind`, its token in the path or query as the platform puts it. */
  url(kind: WebhookKind): string;
  /** The token in `url(kind)`, for tests that look for leaks. */
  token(kind: WebhookKind): string;
  readonly posts: ReceivedPost[];
  fail(kind: WebhookKind, fault: WebhookFault): void;
  /** Forgets posts and faults. */
  reset(): void;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;
/** WeCom's documented limit on markdown content, and Feishu's on the request body. */
const WECOM_MAX_CONTENT = 4_096;
const FEISHU_MAX_BODY = 20 * 1024;
const SLACK_MAX_BLOCKS = 50;
const SLACK_MAX_TEXT = 3_000;

type Answer = { readonly status: number; readonly body: string; readonly verdict: string };

const json = (body: unknown, verdict: string): Answer => ({
  status: 200,
  body: JSON.stringify(body),
  verdict,
});

async function hmacBase64(key: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await webcrypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await webcrypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message));
  return Buffer.from(mac).toString('base64');
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const isText = (value: unknown, max = Number.POSITIVE_INFINITY) =>
  typeof value === 'string' && value.length > 0 && value.length <= max;
const isHttps = (value: unknown) =>
  typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value) && value.length <= 3_000;

/** What is wrong with a Slack rich_text element list, or undefined. */
function richTextProblem(elements: unknown): string | undefined {
  if (!Array.isArray(elements) || elements.length === 0) return 'rich_text without elements';
  for (const element of elements as Record<string, unknown>[]) {
    if (element.type === 'rich_text_list') {
      if (element.style !== 'bullet' && element.style !== 'ordered') return 'list style';
      const problem = richTextProblem(element.elements);
      if (problem !== undefined) return problem;
      continue;
    }
    if (element.type !== 'rich_text_section' || !Array.isArray(element.elements)) {
      return `rich_text element ${String(element.type)}`;
    }
    for (const leaf of element.elements as Record<string, unknown>[]) {
      if (leaf.type === 'text' && isText(leaf.text, SLACK_MAX_TEXT)) continue;
      if (leaf.type === 'link' && isHttps(leaf.url) && isText(leaf.text)) continue;
      return `rich_text leaf ${String(leaf.type)}`;
    }
  }
  return undefined;
}

function checkSlack(body: string): Answer {
  const message = parse(body);
  if (message === undefined)
    return { status: 400, body: 'invalid_payload', verdict: 'invalid_payload' };
  if (!isText(message.text) && message.blocks === undefined) {
    return { status: 400, body: 'no_text', verdict: 'no_text' };
  }
  const blocks = message.blocks;
  if (blocks !== undefined) {
    if (!Array.isArray(blocks) || blocks.length > SLACK_MAX_BLOCKS) {
      return { status: 400, body: 'invalid_blocks', verdict: 'invalid_blocks: count' };
    }
    for (const block of blocks as Record<string, unknown>[]) {
      const text = block.text as Record<string, unknown> | undefined;
      const problem =
        block.type === 'header'
          ? text?.type === 'plain_text' && isText(text.text, 150)
            ? undefined
            : 'header'
          : block.type === 'divider'
            ? undefined
            : block.type === 'rich_text'
              ? richTextProblem(block.elements)
              : `block type ${String(block.type)}`;
      if (problem !== undefined) {
        return { status: 400, body: 'invalid_blocks', verdict: `invalid_blocks: ${problem}` };
      }
    }
  }
  return { status: 200, body: 'ok', verdict: 'accepted' };
}

function checkWecom(body: string): Answer {
  const message = parse(body);
  if (message === undefined) {
    return json({ errcode: 40001, errmsg: 'invalid json' }, 'errcode 40001');
  }
  const markdown = message.markdown as Record<string, unknown> | undefined;
  if (message.msgtype !== 'markdown' || typeof markdown?.content !== 'string') {
    return json({ errcode: 40008, errmsg: 'invalid message type' }, 'errcode 40008');
  }
  if (Buffer.byteLength(markdown.content) > WECOM_MAX_CONTENT) {
    return json(
      { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' },
      'errcode 40058',
    );
  }
  return json({ errcode: 0, errmsg: 'ok' }, 'accepted');
}

function cardProblem(card: unknown): string | undefined {
  if (typeof card !== 'object' || card === null) return 'no card';
  const { header, elements } = card as Record<string, unknown>;
  const title = (header as { title?: Record<string, unknown> } | undefined)?.title;
  if (title?.tag !== 'plain_text' || !isText(title.content)) return 'header title';
  if (!Array.isArray(elements) || elements.length === 0) return 'no elements';
  for (const element of elements as Record<string, unknown>[]) {
    const text = element.text as Record<string, unknown> | undefined;
    if (element.tag === 'hr') continue;
    if (
      element.tag === 'div' &&
      (text?.tag === 'plain_text' || text?.tag === 'lark_md') &&
      isText(text.content)
    )
      continue;
    if (element.tag === 'note' && Array.isArray(element.elements)) continue;
    if (
      element.tag === 'action' &&
      Array.isArray(element.actions) &&
      (element.actions as Record<string, unknown>[]).every(
        (a) => a.tag === 'button' && isHttps(a.url),
      )
    ) {
      continue;
    }
    return `element ${String(element.tag)}`;
  }
  return undefined;
}

async function checkFeishu(
  body: string,
  options: WebhookServerOptions,
  now: number,
): Promise<Answer> {
  if (Buffer.byteLength(body) > FEISHU_MAX_BODY) {
    return json({ code: 9499, msg: 'request body too large' }, 'code 9499');
  }
  const message = parse(body);
  if (message === undefined) return json({ code: 9499, msg: 'Bad Request' }, 'code 9499');
  if (options.feishuSecret !== undefined) {
    const { timestamp, sign } = message;
    const fresh =
      typeof timestamp === 'string' &&
      /^\d+$/.test(timestamp) &&
      Math.abs(now - Number(timestamp) * 1000) <= HOUR_MS;
    // Feishu's construction: the key is timestamp + "\n" + secret, the message is empty.
    const expected = fresh ? await hmacBase64(`${timestamp}\n${options.feishuSecret}`, '') : '';
    if (!fresh || sign !== expected) {
      return json(
        {
          code: 19021,
          msg: 'sign match fail or timestamp is not within one hour from current time',
        },
        'code 19021',
      );
    }
  }
  if (message.msg_type !== 'interactive') {
    return json({ code: 9499, msg: 'Bad Request' }, 'code 9499: msg_type');
  }
  const problem = cardProblem(message.card);
  if (problem !== undefined)
    return json({ code: 11246, msg: 'card invalid' }, `code 11246: ${problem}`);
  return json({ code: 0, msg: 'success', data: {} }, 'accepted');
}

async function checkDingtalk(
  body: string,
  query: URLSearchParams,
  options: WebhookServerOptions,
  now: number,
): Promise<Answer> {
  if (options.dingtalkSecret !== undefined) {
    const timestamp = query.get('timestamp') ?? '';
    const fresh = /^\d+$/.test(timestamp) && Math.abs(now - Number(timestamp)) <= HOUR_MS;
    // DingTalk's construction: the key is the secret, the message timestamp + "\n" + secret.
    const expected = fresh
      ? await hmacBase64(options.dingtalkSecret, `${timestamp}\n${options.dingtalkSecret}`)
      : '';
    if (!fresh || query.get('sign') !== expected) {
      return json(
        {
          errcode: 310000,
          errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]',
        },
        'errcode 310000: sign',
      );
    }
  }
  const message = parse(body);
  const markdown = message?.markdown as Record<string, unknown> | undefined;
  if (message?.msgtype !== 'markdown' || !isText(markdown?.title) || !isText(markdown?.text)) {
    return json({ errcode: 40035, errmsg: 'missing parameter' }, 'errcode 40035');
  }
  const keyword = options.dingtalkKeyword;
  if (keyword !== undefined && !String(markdown?.text).includes(keyword)) {
    return json({ errcode: 310000, errmsg: 'keywords not in content' }, 'errcode 310000: keyword');
  }
  return json({ errcode: 0, errmsg: 'ok' }, 'accepted');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the four robots on one port of 127.0.0.1. */
export async function startWebhooks(options: WebhookServerOptions = {}): Promise<RunningWebhooks> {
  const clock = options.now ?? Date.now;
  const tokens: Record<WebhookKind, string> = {
    slack: randomBytes(12).toString('base64url'),
    wecom: randomBytes(16).toString('hex'),
    feishu: randomBytes(16).toString('hex'),
    dingtalk: randomBytes(32).toString('hex'),
  };
  const posts: ReceivedPost[] = [];
  let faults = new Map<WebhookKind, WebhookFault & { left: number }>();

  const route = (url: URL): { kind: WebhookKind | 'unknown'; token: string | undefined } => {
    const slack = /^\/services\/T0TEST\/B0TEST\/([^/]+)$/.exec(url.pathname);
    if (slack) return { kind: 'slack', token: slack[1] };
    if (url.pathname === '/cgi-bin/webhook/send')
      return { kind: 'wecom', token: url.searchParams.get('key') ?? undefined };
    const feishu = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(url.pathname);
    if (feishu) return { kind: 'feishu', token: feishu[1] };
    if (url.pathname === '/robot/send') {
      return { kind: 'dingtalk', token: url.searchParams.get('access_token') ?? undefined };
    }
    return { kind: 'unknown', token: undefined };
  };

  const badToken: Record<WebhookKind, Answer> = {
    slack: { status: 404, body: 'no_service', verdict: 'no_service' },
    wecom: json(
      { errcode: 93000, errmsg: 'invalid webhook url, hint: [1700000000_1a2b]' },
      'errcode 93000',
    ),
    feishu: json(
      { code: 19001, msg: 'param invalid: incoming webhook access token invalid' },
      'code 19001',
    ),
    dingtalk: json({ errcode: 300001, errmsg: 'token is not exist' }, 'errcode 300001'),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const { kind, token } = route(url);
    const record = (verdict: string) =>
      posts.push({
        kind,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: req.headers['content-type'],
        body,
        verdict,
      });
    const send = (answer: Answer, retryAfter?: string) => {
      record(answer.verdict);
      const contentType = kind === 'slack' ? 'text/html' : 'application/json';
      res.writeHead(answer.status, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(answer.body),
        ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
      });
      res.end(answer.body);
    };
    if (kind === 'unknown' || req.method !== 'POST') {
      return send({ status: 404, body: 'not found', verdict: 'not found' });
    }
    const fault = faults.get(kind);
    if (fault !== undefined && fault.left > 0) {
      fault.left -= 1;
      if (fault.delayMs !== undefined) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.reset) {
        record('reset');
        return req.socket.destroy();
      }
      if (fault.status !== undefined || fault.body !== undefined) {
        return send(
          { status: fault.status ?? 200, body: fault.body ?? '', verdict: 'fault' },
          fault.retryAfter,
        );
      }
    }
    if (token !== tokens[kind]) return send(badToken[kind]);
    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) {
      return send({ status: 400, body: 'invalid_payload', verdict: 'not JSON' });
    }
    const now = clock();
    switch (kind) {
      case 'slack':
        return send(checkSlack(body));
      case 'wecom':
        return send(checkWecom(body));
      case 'feishu':
        return send(await checkFeishu(body, options, now));
      case 'dingtalk':
        return send(await checkDingtalk(body, url.searchParams, options, now));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const paths: Record<WebhookKind, (token: string) => string> = {
    slack: (t) => `/services/T0TEST/B0TEST/${t}`,
    wecom: (t) => `/cgi-bin/webhook/send?key=${t}`,
    feishu: (t) => `/open-apis/bot/v2/hook/${t}`,
    dingtalk: (t) => `/robot/send?access_token=${t}`,
  };
  return {
    base,
    url: (kind) => `${base}${paths[kind](tokens[kind])}`,
    token: (kind) => tokens[kind],
    posts,
    fail: (kind, fault) => {
      faults.set(kind, { ...fault, left: fault.times ?? Number.POSITIVE_INFINITY });
    },
    reset: () => {
      posts.length = 0;
      faults = new Map();
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
