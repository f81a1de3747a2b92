import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  COLUMN_TABLE_DOC,
  COLUMN_TABLE_END,
  COLUMN_TABLE_START,
  columnTableMarkdown,
  withColumnTable,
} from './column-table.js';

/**
 * Rewrites the column table in docs/query.md (between the `columns:start` and `columns:end`
 * markers) from the schema module. Run it after changing `functions/lib/opsdata-schema.ts`.
 * Usage: npm run docs:columns
 */
const path = fileURLToPath(new URL(`../../${COLUMN_TABLE_DOC}`, import.meta.url));
const before = readFileSync(path, 'utf8');
const after = withColumnTable(before, columnTableMarkdown());
if (after === before) {
  console.log(`${COLUMN_TABLE_DOC}: column table already up to date`);
} else {
  writeFileSync(path, after);
  console.log(
    `${COLUMN_TABLE_DOC}: column table rewritten between ${COLUMN_TABLE_START} and ${COLUMN_TABLE_END}`,
  );
}
