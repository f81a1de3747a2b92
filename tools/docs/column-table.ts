/** The query guide's column table, generated from the schema module so it cannot drift. */
import { COLUMNS } from '../../functions/core/opsdata-schema.js';
import { PARTITION_KEY } from '../../infra/athena-sql.js';

export const COLUMN_TABLE_START = '<!-- columns:start -->';
export const COLUMN_TABLE_END = '<!-- columns:end -->';

/** The document that carries the column table, relative to the repository root. */
export const COLUMN_TABLE_DOC = 'docs/query.md';

/** The command that rewrites the table in {@link COLUMN_TABLE_DOC}. */
export const COLUMN_TABLE_SCRIPT = 'npm run docs:columns';

/** Markdown table: API field → column → Glue type → meaning, one line per column, then `dt`. */
export function columnTableMarkdown(): string {
  const rows = [...COLUMNS, { ...PARTITION_KEY, apiField: undefined }].map(
    (c) =>
      `| ${c.apiField ? `\`${c.apiField}\`` : '—'} | \`${c.name}\` | \`${c.type}\` | ${c.comment} |`,
  );
  return ['| API field | Column | Type | Meaning |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/**
 * The table between the markers in a Markdown document, or undefined when the markers are absent.
 */
export function columnTableIn(markdown: string): string | undefined {
  const start = markdown.indexOf(COLUMN_TABLE_START);
  const end = markdown.indexOf(COLUMN_TABLE_END);
  if (start < 0 || end < start) return undefined;
  return markdown.slice(start + COLUMN_TABLE_START.length, end).trim();
}

/**
 * The document with `table` between the markers in place of what was there; the rest unchanged.
 * @throws Error when the document lacks either marker.
 */
export function withColumnTable(markdown: string, table: string): string {
  const start = markdown.indexOf(COLUMN_TABLE_START);
  const end = markdown.indexOf(COLUMN_TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(
      `no ${COLUMN_TABLE_START} … ${COLUMN_TABLE_END} block to replace; add both markers first`,
    );
  }
  const before = markdown.slice(0, start + COLUMN_TABLE_START.length);
  return `${before}\n${table}\n${markdown.slice(end)}`;
}
