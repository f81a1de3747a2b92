/**
 * DingTalk (钉钉) custom robots: a `markdown` message (title + text) in the subset DingTalk
 * documents (headings, bold, quotes, links, lists). Text from outside is made literal with
 * look-alikes (markdown-text.ts). With a signing secret the URL gets `timestamp` (milliseconds)
 * and `sign` = Base64(HMAC-SHA256 with the key `secret` over `timestamp + "\n" + secret`) —
 * DingTalk's construction, unlike Feishu's. DingTalk answers 200 with `errcode` (0 = sent;
 * 310000 = a security setting refused it: keyword, signature or IP; 130101 = over 20 a minute).
 * A robot set to require a keyword gets `chat-opsdata` in every title and text.
 * https://open.dingtalk.com/document/orgapp/custom-robot-access
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
import { literalMarkdown } from './markdown-text.js';
import { errcodeAnswer, type Platform } from './platform.js';

/** Ours: DingTalk documents no limit for the markdown text; a long one is cut on phones. */
export const DINGTALK_MAX_TEXT_BYTES = 8_000;

const RATE_LIMITED = 130101;

/** DingTalk's signature for `timestamp` (Unix milliseconds, as text), before URL encoding. */
export function dingtalkSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

const LABEL = { failed: '**FAILED**', anomaly: '**ANOMALY**', ok: 'ok' } as const;

// DingTalk's Markdown keeps a single line break only with two spaces before it.
const BREAK = '  \n';

function text(
  digest: ChatDigest,
  parts: readonly (ChatTrouble | ChatApp)[],
  leftOut: number,
): string {
  const trouble = parts.filter((p): p is ChatTrouble => 'kind' in p);
  const apps = parts.filter((p): p is ChatApp => 'status' in p);
  return [
    `### ${digest.title}`,
    `**${digest.headline}**`,
    ...trouble.map(
      (t) =>
        `> ${LABEL[t.kind]} **${appTitle(t, literalMarkdown)}** ${t.kind === 'failed' ? literalMarkdown(t.text) : t.text}`,
    ),
    ...(apps.length > 0 ? [dayHeading(digest)] : []),
    ...apps.map(
      (a) => `- ${LABEL[a.status]} **${appTitle(a, literalMarkdown)}**${BREAK}${figuresText(a)}`,
    ),
    ...(leftOut > 0
      ? [`… ${leftOut} more left out; the dashboard and the log have them all.`]
      : []),
    ...(digest.dashboardUrl === undefined ? [] : [`[Open the dashboard](${digest.dashboardUrl})`]),
  ].join('\n\n');
}

export const dingtalk: Platform = {
  request(digest, webhook, now) {
    const url = new URL(webhook.url);
    if (webhook.signingSecret !== undefined) {
      const timestamp = String(now.getTime());
      // URLSearchParams encodes the Base64's +, / and = as DingTalk requires.
      url.searchParams.set('timestamp', timestamp);
      url.searchParams.set('sign', dingtalkSign(timestamp, webhook.signingSecret));
    }
    const { kept, leftOut } = fitParts(
      [...digest.trouble, ...digest.apps],
      DINGTALK_MAX_TEXT_BYTES,
      (k, n) => text(digest, k, n),
    );
    return {
      url: url.href,
      body: JSON.stringify({
        msgtype: 'markdown',
        markdown: {
          title: `${digest.title}: ${digest.headline}`,
          text: text(digest, kept, leftOut),
        },
      }),
    };
  },

  answer: (status, body) => errcodeAnswer(status, body, RATE_LIMITED),
};
