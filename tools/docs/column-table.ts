/** The query guide's column table, generated from the schema module so it cannot drift. */
import { COLUMNS } from '../../functions/core/opsdata-schema.js';
import { PARTITION_KEY } from '../../infra/athena-sql.js';
import type { GeneratedBlock } from './generated-block.js';

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

export const COLUMN_TABLE: GeneratedBlock = {
  name: 'columns',
  doc: 'docs/query.md',
  render: columnTableMarkdown,
};
