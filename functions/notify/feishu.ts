/**
 * Feishu (飞书) and Lark custom bots: an interactive card with a coloured header. Our own words go
 * in `lark_md`; text from outside goes in `plain_text`, which the card shows as written. With a
 * signing secret the body carries `timestamp` (seconds) and `sign` = Base64(HMAC-SHA256 with the
 * key `timestamp + "\n" + secret` over an empty message) — Feishu's own construction, unlike
 * DingTalk's. Feishu answers 200 with `code` (0 = sent; 19021 = signature or timestamp rejected);
 * older deployments answer `StatusCode`.
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
 */
import { createHmac } from 'node:crypto';
import {
  appTitle,
  type ChatApp,
  type ChatDigest,
  type ChatTrouble,
  dayHeading,
  figuresText,
  fitParts,
} from './chat-digest.js';
import { codeIn, type Platform, type PlatformAnswer, unexpected } from './platform.js';

/** Feishu takes a request body of at most 20 KB; this keeps a margin for the signature. */
export const FEISHU_MAX_BYTES = 18_000;

/** Feishu's answer when a bot gets more requests than it takes (100 a minute, 5 a second). */
const RATE_LIMITED = 11232;

/** Feishu's signature for `timestamp` (Unix seconds, as text). */
export function feishuSign(timestamp: string, secret: string): string {
  return createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
}

const TEMPLATE = { failed: 'red', anomaly: 'orange', ok: 'green' } as const;
const LABEL = { failed: 'FAILED', anomaly: 'ANOMALY', ok: 'ok' } as const;

const plain = (content: string) => ({ tag: 'div', text: { tag: 'plain_text', content } });
const markdown = (content: string) => ({ tag: 'div', text: { tag: 'lark_md', content } });

function card(digest: ChatDigest, parts: readonly (ChatTrouble | ChatApp)[], leftOut: number) {
  const trouble = parts.filter((p): p is ChatTrouble => 'kind' in p);
  const apps = parts.filter((p): p is ChatApp => 'status' in p);
  return {
    config: { wide_screen_mode: true },
    header: {
      template: TEMPLATE[digest.status],
      title: { tag: 'plain_text', content: `${digest.title} · ${digest.headline}` },
    },
    elements: [
      ...(trouble.length > 0
        ? [
            markdown('**Trouble first**'),
            plain(trouble.map((t) => `${LABEL[t.kind]} ${appTitle(t)}: ${t.text}`).join('\n\n')),
            { tag: 'hr' },
          ]
        : []),
      ...(apps.length > 0
        ? [
            markdown(`**${dayHeading(digest)}**`),
            plain(
              apps
                .map((a) => `${LABEL[a.status]} · ${appTitle(a)}\n${figuresText(a)}`)
                .join('\n\n'),
            ),
          ]
        : []),
      ...(leftOut > 0
        ? [markdown(`… ${leftOut} more left out; the dashboard and the log have them all.`)]
        : []),
      ...(digest.dashboardUrl === undefined
        ? []
        : [
            {
              tag: 'action',
              actions: [
                {
                  tag: 'button',
                  text: { tag: 'plain_text', content: 'Open the dashboard' },
                  type: 'primary',
                  url: digest.dashboardUrl,
                },
              ],
            },
          ]),
      { tag: 'note', elements: [{ tag: 'plain_text', content: `run ${digest.runId}` }] },
    ],
  };
}

export const feishu: Platform = {
  request(digest, webhook, now) {
    const signature =
      webhook.signingSecret === undefined
        ? {}
        : (() => {
            const timestamp = String(Math.floor(now.getTime() / 1000));
            return { timestamp, sign: feishuSign(timestamp, webhook.signingSecret) };
          })();
    const render = (kept: readonly (ChatTrouble | ChatApp)[], leftOut: number) =>
      JSON.stringify({ ...signature, msg_type: 'interactive', card: card(digest, kept, leftOut) });
    const { kept, leftOut } = fitParts(
      [...digest.trouble, ...digest.apps],
      FEISHU_MAX_BYTES,
      render,
    );
    return { url: webhook.url, body: render(kept, leftOut) };
  },

  answer(status, body): PlatformAnswer {
    const result = codeIn(body, 'code', 'msg') ?? codeIn(body, 'StatusCode', 'StatusMessage');
    if (result === undefined) {
      return { ok: false, problem: unexpected(status, body), retryable: status === 429 };
    }
    if (result.code === 0 && status === 200) return { ok: true };
    return {
      ok: false,
      problem: `code ${result.code}: ${result.message}`,
      retryable: result.code === RATE_LIMITED || status === 429,
    };
  },
};
