/**
 * The Markdown subsets WeCom's and DingTalk's robots render, as those clients render them, and
 * nothing more: what a platform does not support stays as written, which is the point of the
 * preview. Every character of the message is escaped for HTML first.
 */
import { escapeHtml } from '../../functions/report/render/html.js';

/** Bold, links and inline code, the inline Markdown both platforms document. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>');
}

/** WeCom's three colours (its documentation names them green, grey and orange-red). */
const WECOM_COLOURS: Readonly<Record<string, string>> = {
  info: '#07a34a',
  comment: '#888888',
  warning: '#ff6b00',
};

/** A line of WeCom Markdown: `<font color="info|comment|warning">` around inline Markdown. */
function wecomInline(line: string): string {
  return line
    .split(/(<font color="(?:info|comment|warning)">.*?<\/font>)/)
    .map((part) => {
      const font = /^<font color="(info|comment|warning)">(.*)<\/font>$/.exec(part);
      if (font === null) return inline(part);
      return `<span style="color:${WECOM_COLOURS[font[1] as string]}">${inline(font[2] as string)}</span>`;
    })
    .join('');
}

/** WeCom's `markdown.content`: one line per line, `>` quotes, `#` headings. */
export function wecomMarkdownToHtml(content: string): string {
  return content
    .split('\n')
    .map((line) => {
      if (line === '') return '<div class="gap"></div>';
      const heading = /^(#{1,6}) (.*)$/.exec(line);
      if (heading)
        return `<div class="h${heading[1]?.length}">${wecomInline(heading[2] as string)}</div>`;
      if (line.startsWith('> ')) return `<div class="quote">${wecomInline(line.slice(2))}</div>`;
      return `<div>${wecomInline(line)}</div>`;
    })
    .join('\n');
}

/**
 * DingTalk's `markdown.text`: paragraphs split by blank lines, `###` headings, `>` quotes, `- `
 * list items; a line break inside a paragraph only after two spaces.
 */
export function dingtalkMarkdownToHtml(text: string): string {
  const blocks = text.split(/\n{2,}/);
  const out: string[] = [];
  let items: string[] = [];
  const flush = () => {
    if (items.length > 0) out.push(`<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`);
    items = [];
  };
  const paragraph = (block: string) =>
    block
      .split(/ {2}\n/)
      .map((line) => inline(line.replace(/\n/g, ' ')))
      .join('<br>');
  for (const block of blocks) {
    const heading = /^(#{1,6}) (.*)$/s.exec(block);
    if (block.startsWith('- ')) {
      items.push(paragraph(block.slice(2)));
      continue;
    }
    flush();
    if (heading)
      out.push(`<h${heading[1]?.length}>${inline(heading[2] as string)}</h${heading[1]?.length}>`);
    else if (block.startsWith('> '))
      out.push(`<blockquote>${paragraph(block.slice(2))}</blockquote>`);
    else out.push(`<p>${paragraph(block)}</p>`);
  }
  flush();
  return out.join('\n');
}

/** Feishu's `lark_md`, as the card shows it: bold, links, line breaks. */
export function larkMarkdownToHtml(text: string): string {
  return text.split('\n').map(inline).join('<br>');
}
