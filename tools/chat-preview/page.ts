/**
 * A phone screen of each chat client around the message: the client's bar and colours, the
 * robot's name and avatar, the time. Local and self-contained: no font, script or request.
 */

import { PLATFORM_NAMES, type WebhookKind } from '../../functions/notify/webhook.js';
import { escapeHtml } from '../../functions/report/render/html.js';

/** An iPhone's width in CSS pixels: the message must read well there. */
export const PHONE = { width: 390, height: 844 } as const;

const CLIENT: Readonly<
  Record<WebhookKind, { bar: string; barText: string; channel: string; bg: string; bubble: string }>
> = {
  slack: {
    bar: '#3f0e40',
    barText: '#fff',
    channel: '# ops-alerts',
    bg: '#fff',
    bubble: 'transparent',
  },
  wecom: {
    bar: '#ededed',
    barText: '#111',
    channel: 'Ops on-call (12)',
    bg: '#ededed',
    bubble: '#fff',
  },
  feishu: {
    bar: '#fff',
    barText: '#1f2329',
    channel: 'Ops on-call',
    bg: '#f5f6f7',
    bubble: 'transparent',
  },
  dingtalk: {
    bar: '#fff',
    barText: '#171a1d',
    channel: 'Ops on-call',
    bg: '#f2f3f5',
    bubble: '#fff',
  },
};

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 "DejaVu Sans", "Liberation Sans", sans-serif; color: #1d1c1d; }
.phone { width: ${PHONE.width}px; min-height: ${PHONE.height}px; }
.bar { height: 52px; display: flex; align-items: center; justify-content: center; font-weight: bold; font-size: 16px; border-bottom: 1px solid rgba(0,0,0,.08); }
.status { height: 24px; font-size: 12px; display: flex; justify-content: space-between; padding: 4px 18px 0; }
.thread { padding: 12px 10px 24px; }
.note-top { text-align: center; color: #999; font-size: 12px; margin-bottom: 10px; }
.msg { display: flex; gap: 8px; align-items: flex-start; }
.avatar { flex: 0 0 36px; height: 36px; border-radius: 6px; background: #2f6fde; color: #fff; font-weight: bold; font-size: 13px; display: flex; align-items: center; justify-content: center; }
.who { font-size: 13px; color: #666; margin: 0 0 3px; }
.who b { color: #1d1c1d; }
.badge { font-size: 10px; background: #e8e8e8; color: #555; border-radius: 3px; padding: 0 4px; margin-left: 4px; }
.content { flex: 1; min-width: 0; }
.bubble { border-radius: 6px; padding: 10px 12px; overflow-wrap: anywhere; }
a { color: #1264a3; text-decoration: none; }
hr { border: 0; border-top: 1px solid #ddd; margin: 8px 0; }
ul { margin: 4px 0; padding-left: 20px; }
li { margin: 2px 0; }
.slack-header { font-size: 17px; font-weight: bold; margin: 2px 0 4px; }
.slack-rich { margin: 4px 0; }
.md .quote { border-left: 3px solid #d0d0d0; padding-left: 8px; color: #333; margin: 3px 0; }
.md .gap { height: 8px; }
.ding-md h3 { font-size: 17px; margin: 0 0 6px; }
.ding-md p { margin: 6px 0; }
.ding-md blockquote { border-left: 3px solid #d0d0d0; margin: 6px 0; padding-left: 8px; color: #555; }
.card { background: #fff; border-radius: 8px; overflow: hidden; border: 1px solid #dee0e3; }
.card-header { color: #fff; padding: 10px 12px; font-weight: bold; }
.card-body { padding: 10px 12px; display: flex; flex-direction: column; gap: 8px; }
.card .plain { white-space: pre-wrap; }
.card .note { color: #8f959e; font-size: 12px; }
.button { display: inline-block; border-radius: 6px; padding: 6px 14px; border: 1px solid #3370ff; color: #3370ff; }
.button.primary { background: #3370ff; color: #fff; }
.unsupported { color: #c00; font-weight: bold; }
.caption { font-size: 11px; color: #999; text-align: center; padding: 6px; }
`;

/** The whole page: `message` (from messages.ts) on `kind`'s phone screen. */
export function phonePage(kind: WebhookKind, message: string, time: string): string {
  const c = CLIENT[kind];
  const who =
    kind === 'slack'
      ? `<p class="who"><b>chat-opsdata</b><span class="badge">APP</span> ${escapeHtml(time)}</p>`
      : `<p class="who">chat-opsdata<span class="badge">Bot</span></p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(PLATFORM_NAMES[kind])} — chat-opsdata digest</title><style>${STYLE}</style></head>
<body><div class="phone" style="background:${c.bg}">
<div class="status" style="background:${c.bar};color:${c.barText}"><span>${escapeHtml(time)}</span><span>5G ▮▮▮</span></div>
<div class="bar" style="background:${c.bar};color:${c.barText}">${escapeHtml(c.channel)}</div>
<div class="thread">${kind === 'slack' ? '' : `<div class="note-top">${escapeHtml(time)}</div>`}
<div class="msg"><div class="avatar">CO</div><div class="content">${who}<div class="bubble" style="background:${c.bubble}">${message}</div></div></div>
</div>
<div class="caption">${escapeHtml(PLATFORM_NAMES[kind])}: a local rendering of the exact request body, not a screenshot of the app</div>
</div></body></html>`;
}
