/**
 * Markdown blocks that are generated, not written: a document holds `<!-- name:start -->` and
 * `<!-- name:end -->`, and a generator owns what is between. `npm run docs` rewrites every block;
 * a test per block fails when the document is stale.
 */

/** A generated block: where it lives and how to make it. */
export interface GeneratedBlock {
  /** The marker name: `<!-- <name>:start -->`. */
  readonly name: string;
  /** The document that carries it, relative to the repository root. */
  readonly doc: string;
  /** Makes the block's Markdown. */
  readonly render: () => string | Promise<string>;
}

/** The start and end markers of the block `name`. */
export function markers(name: string): { readonly start: string; readonly end: string } {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

function bounds(markdown: string, name: string): { start: number; end: number } | undefined {
  const { start, end } = markers(name);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  return from < 0 || to < from ? undefined : { start: from + start.length, end: to };
}

/** The block `name` in a Markdown document, trimmed; undefined when the markers are absent. */
export function blockIn(markdown: string, name: string): string | undefined {
  const at = bounds(markdown, name);
  return at && markdown.slice(at.start, at.end).trim();
}

/**
 * The document with `content` as the block `name`; everything else unchanged.
 * @throws Error when the document lacks either marker.
 */
export function withBlock(markdown: string, name: string, content: string): string {
  const at = bounds(markdown, name);
  if (!at) {
    const { start, end } = markers(name);
    throw new Error(`no ${start} … ${end} block to replace; add both markers first`);
  }
  return `${markdown.slice(0, at.start)}\n${content}\n${markdown.slice(at.end)}`;
}
