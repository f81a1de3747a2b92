/**
 * The Markdown a CloudWatch text widget shows, for the subset the dashboard's guide uses:
 * headings, paragraphs, `-` lists, **bold**, *italics*, `inline code` and [links](https://…). As in
 * CommonMark, a single line break inside a paragraph is a space, not a new line.
 */
import { escapeHtml } from '../../functions/report/render/html.js';

function inline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? `<code>${escapeHtml(part.slice(1, -1))}</code>`
        : escapeHtml(part)
            .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
            .replace(/\*([^*\s][^*]*?)\*/g, '<em>$1</em>')
            .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>'),
    )
    .join('');
}

/** Renders `markdown` as HTML; text is escaped, so the result is safe to embed. */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let items: string[] | undefined;
  const close = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (items) out.push(`<ul>${items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    paragraph = [];
    items = undefined;
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^[-*]\s+(.*)$/.exec(line);
    if (line === '') {
      close();
    } else if (heading) {
      close();
      const level = (heading[1] as string).length;
      out.push(`<h${level}>${inline(heading[2] as string)}</h${level}>`);
    } else if (item) {
      if (!items) close();
      items = [...(items ?? []), item[1] as string];
    } else if (items) {
      // A line right after a list item continues it (CommonMark's lazy continuation).
      items[items.length - 1] += ` ${line}`;
    } else {
      paragraph.push(line);
    }
  }
  close();
  return out.join('\n');
}
