/**
 * Each platform's message as its client shows it, drawn from the exact JSON body the poster
 * sends: Slack's blocks, WeCom's and DingTalk's Markdown, Feishu's card. Unknown parts are shown
 * as "[unsupported …]" so a change of format cannot pass unseen.
 */

import type { WebhookKind } from '../../functions/notify/webhook.js';
import { escapeHtml } from '../../functions/report/render/html.js';
import { dingtalkMarkdownToHtml, larkMarkdownToHtml, wecomMarkdownToHtml } from './markup.js';

// biome-ignore lint/suspicious/noExplicitAny: a webhook body is untyped JSON, read field by field.
type Json = any;

const unsupported = (what: string) =>
  `<div class="unsupported">[unsupported ${escapeHtml(what)}]</div>`;

function slackElements(elements: Json[]): string {
  return elements
    .map((e: Json) => {
      if (e.type === 'text') {
        const text = escapeHtml(e.text);
        return e.style?.bold ? `<strong>${text}</strong>` : text;
      }
      if (e.type === 'link') return `<a href="${escapeHtml(e.url)}">${escapeHtml(e.text)}</a>`;
      return unsupported(`rich text ${e.type}`);
    })
    .join('');
}

function slackRichText(elements: Json[]): string {
  return elements
    .map((e: Json) => {
      if (e.type === 'rich_text_section') return `<div>${slackElements(e.elements)}</div>`;
      if (e.type === 'rich_text_list') {
        return `<ul>${e.elements.map((s: Json) => `<li>${slackElements(s.elements)}</li>`).join('')}</ul>`;
      }
      return unsupported(e.type);
    })
    .join('');
}

function slack(body: Json): string {
  return body.blocks
    .map((block: Json) => {
      switch (block.type) {
        case 'header':
          return `<div class="slack-header">${escapeHtml(block.text.text)}</div>`;
        case 'divider':
          return '<hr>';
        case 'rich_text':
          return `<div class="slack-rich">${slackRichText(block.elements)}</div>`;
        default:
          return unsupported(`block ${block.type}`);
      }
    })
    .join('\n');
}

const FEISHU_HEADER: Readonly<Record<string, string>> = {
  red: '#f54a45',
  orange: '#ff8800',
  green: '#34c724',
  blue: '#3370ff',
};

function feishu(body: Json): string {
  const { header, elements } = body.card;
  const parts = elements.map((e: Json) => {
    if (e.tag === 'hr') return '<hr>';
    if (e.tag === 'div' && e.text?.tag === 'plain_text') {
      return `<div class="plain">${escapeHtml(e.text.content)}</div>`;
    }
    if (e.tag === 'div' && e.text?.tag === 'lark_md')
      return `<div>${larkMarkdownToHtml(e.text.content)}</div>`;
    if (e.tag === 'action') {
      return `<div class="actions">${e.actions
        .map(
          (a: Json) =>
            `<a class="button ${escapeHtml(a.type)}" href="${escapeHtml(a.url)}">${escapeHtml(a.text.content)}</a>`,
        )
        .join('')}</div>`;
    }
    if (e.tag === 'note') {
      return `<div class="note">${e.elements.map((n: Json) => escapeHtml(n.content)).join(' ')}</div>`;
    }
    return unsupported(`element ${e.tag}`);
  });
  return `<div class="card"><div class="card-header" style="background:${FEISHU_HEADER[header.template] ?? '#3370ff'}">${escapeHtml(header.title.content)}</div><div class="card-body">${parts.join('\n')}</div></div>`;
}

/** The message of `kind` in HTML, from the body the poster sends. */
export function messageHtml(kind: WebhookKind, body: string): string {
  const json: Json = JSON.parse(body);
  switch (kind) {
    case 'slack':
      return slack(json);
    case 'wecom':
      return `<div class="md wecom-md">${wecomMarkdownToHtml(json.markdown.content)}</div>`;
    case 'feishu':
      return feishu(json);
    case 'dingtalk':
      return `<div class="md ding-md">${dingtalkMarkdownToHtml(json.markdown.text)}</div>`;
  }
}
