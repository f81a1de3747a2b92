import { plainText } from '../../core/plain-text.js';

/**
 * HTML that escapes by default: every value put into an `html` template is escaped unless it is
 * itself `Html` (built by `html` or, for trusted markup such as a chart's SVG, by `trusted`).
 */

/** Markup that is safe to put into the page as is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A value an `html` template accepts: text is escaped, arrays are joined, null is nothing. */
export type HtmlValue = Html | string | number | bigint | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function piece(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

/** Template tag: `html\`<h2>${name}</h2>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Marks markup made by code we trust (ECharts' SVG) as safe to embed. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/**
 * Text from outside (an app's name, its company, a key from the bucket) as the page shows it: one
 * line with its controls and bidi overrides shown as U+FFFD (core/plain-text.ts, as in the
 * terminal and the e-mail, so "Evil‮gnp.exe" cannot pass for "Evilexe.png"), escaped, and
 * isolated in `<bdi>`, so that a right-to-left name (Arabic, Hebrew) never pulls the SDKAppID or
 * the dates beside it into its direction.
 */
export function isolated(text: string): Html {
  return html`<bdi>${plainText(text, 1_000)}</bdi>`;
}
