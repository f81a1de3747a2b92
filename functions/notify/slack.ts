/**
 * Slack incoming webhooks: a Block Kit message. Everything from outside goes in `rich_text`
 * elements, whose text Slack shows as written (no mrkdwn, no mentions), so nothing needs escaping
 * but JSON. Slack answers `ok` with 200, and an error word otherwise (`invalid_payload`,
 * `no_service`, `channel_is_archived`, …).
 * https://api.slack.com/messaging/webhooks · https://api.slack.com/reference/block-kit/blocks
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
import { type Platform, type PlatformAnswer, unexpected } from './platform.js';

/** Ours, well under what Slack takes (50 blocks, 3,000 characters a text): a phone screen or two. */
export const SLACK_MAX_BYTES = 12_000;

type Element =
  | { type: 'text'; text: string; style?: { bold?: boolean; italic?: boolean } }
  | { type: 'link'; url: string; text: string };

const text = (value: string, bold = false): Element =>
  bold ? { type: 'text', text: value, style: { bold: true } } : { type: 'text', text: value };
const section = (...elements: Element[]) => ({ type: 'rich_text_section', elements });
const bullets = (items: ReturnType<typeof section>[]) => ({
  type: 'rich_text_list',
  style: 'bullet',
  elements: items,
});

const LABEL = { failed: 'FAILED', anomaly: 'ANOMALY' } as const;

function troubleItem(t: ChatTrouble) {
  return section(text(`${LABEL[t.kind]} `, true), text(`${appTitle(t)}: `, true), text(t.text));
}

function appItem(app: ChatApp) {
  return section(
    ...(app.status === 'ok' ? [] : [text(`${LABEL[app.status]} `, true)]),
    text(appTitle(app), true),
    text(` ${figuresText(app)}`),
  );
}

function body(
  digest: ChatDigest,
  trouble: readonly ChatTrouble[],
  apps: readonly ChatApp[],
  leftOut: number,
): string {
  const more =
    leftOut > 0
      ? [section(text(`… ${leftOut} more left out; the dashboard and the log have them all.`))]
      : [];
  const troubleBlocks =
    trouble.length > 0
      ? [{ type: 'rich_text', elements: [bullets(trouble.map(troubleItem))] }]
      : [];
  const footer: Element[] = [
    ...(digest.dashboardUrl === undefined
      ? []
      : [
          { type: 'link' as const, url: digest.dashboardUrl, text: 'Open the dashboard' },
          text(' · '),
        ]),
    text(`run ${digest.runId}`),
  ];
  return JSON.stringify({
    // The notification's text (and what a client without blocks shows); mrkdwn, our words only.
    text: `${digest.title}: ${digest.headline}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: digest.title, emoji: false } },
      { type: 'rich_text', elements: [section(text(digest.headline, true))] },
      ...troubleBlocks,
      { type: 'divider' },
      ...(apps.length > 0 || leftOut > 0
        ? [
            {
              type: 'rich_text',
              elements: [
                section(text(dayHeading(digest))),
                ...(apps.length > 0 ? [bullets(apps.map(appItem))] : []),
                ...more,
              ],
            },
          ]
        : []),
      { type: 'rich_text', elements: [section(...footer)] },
    ],
  });
}

export const slack: Platform = {
  request(digest, webhook) {
    // Trouble first: the app lines go before any of it does.
    const parts = [...digest.trouble.map((t) => ({ t })), ...digest.apps.map((a) => ({ a }))] as (
      | { t: ChatTrouble }
      | { a: ChatApp }
    )[];
    const split = (kept: readonly ({ t: ChatTrouble } | { a: ChatApp })[]) => ({
      trouble: kept.flatMap((p) => ('t' in p ? [p.t] : [])),
      apps: kept.flatMap((p) => ('a' in p ? [p.a] : [])),
    });
    const render = (kept: readonly ({ t: ChatTrouble } | { a: ChatApp })[], leftOut: number) => {
      const { trouble, apps } = split(kept);
      return body(digest, trouble, apps, leftOut);
    };
    const { kept, leftOut } = fitParts(parts, SLACK_MAX_BYTES, render);
    return { url: webhook.url, body: render(kept, leftOut) };
  },

  answer(status, answer): PlatformAnswer {
    const word = answer.trim();
    if (status === 200 && word === 'ok') return { ok: true };
    // 429 is Slack's rate limit: the message was refused, so a later try cannot double it.
    if (status === 429) return { ok: false, problem: 'HTTP 429 rate_limited', retryable: true };
    if (/^[a-z_]{2,60}$/.test(word))
      return { ok: false, problem: `HTTP ${status} ${word}`, retryable: false };
    return { ok: false, problem: unexpected(status, answer), retryable: false };
  },
};
