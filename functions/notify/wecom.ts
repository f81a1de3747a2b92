/**
 * WeCom (企业微信) group robots: a `markdown` message of at most 4,096 bytes, in the Markdown
 * subset WeCom documents (bold, links, quotes, `<font color="info|comment|warning">`). Text from
 * outside is made literal with look-alikes (markdown-text.ts). WeCom answers 200 with `errcode`
 * (0 = sent; 45009 = rate limit, 20 messages a minute per robot; 93000 = invalid webhook URL).
 * https://developer.work.weixin.qq.com/document/path/91770
 */
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

/** WeCom's own limit on `markdown.content`. */
export const WECOM_MAX_CONTENT_BYTES = 4_096;

const RATE_LIMITED = 45009;

const warn = (text: string) => `<font color="warning">${text}</font>`;
const LABEL = {
  failed: warn('FAILED'),
  anomaly: warn('ANOMALY'),
  ok: '<font color="info">ok</font>',
};

function troubleLine(t: ChatTrouble): string {
  return `> ${LABEL[t.kind]} **${appTitle(t, literalMarkdown)}** ${t.kind === 'failed' ? literalMarkdown(t.text) : t.text}`;
}

function appLine(app: ChatApp): string {
  return `${LABEL[app.status]} **${appTitle(app, literalMarkdown)}**\n<font color="comment">${figuresText(app)}</font>`;
}

/** The markdown content; `parts` are trouble lines then app lines, cut to fit. */
function content(
  digest: ChatDigest,
  parts: readonly (ChatTrouble | ChatApp)[],
  leftOut: number,
): string {
  const trouble = parts.filter((p): p is ChatTrouble => 'kind' in p).map(troubleLine);
  const apps = parts.filter((p): p is ChatApp => 'status' in p).map(appLine);
  const headline = digest.status === 'ok' ? digest.headline : warn(digest.headline);
  return [
    `**${digest.title}**`,
    headline,
    ...(trouble.length > 0 ? ['', ...trouble] : []),
    ...(apps.length > 0 ? ['', dayHeading(digest), ...apps] : []),
    ...(leftOut > 0
      ? [`… ${leftOut} more left out; the dashboard and the log have them all.`]
      : []),
    ...(digest.dashboardUrl === undefined
      ? []
      : ['', `[Open the dashboard](${digest.dashboardUrl})`]),
  ].join('\n');
}

export const wecom: Platform = {
  request(digest, webhook) {
    const parts = [...digest.trouble, ...digest.apps];
    const { kept, leftOut } = fitParts(parts, WECOM_MAX_CONTENT_BYTES, (k, n) =>
      content(digest, k, n),
    );
    return {
      url: webhook.url,
      body: JSON.stringify({
        msgtype: 'markdown',
        markdown: { content: content(digest, kept, leftOut) },
      }),
    };
  },

  answer: (status, body) => errcodeAnswer(status, body, RATE_LIMITED),
};
