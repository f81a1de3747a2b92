import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../functions/lib/opsdata-schema.js';
import { namedQueries } from '../../infra/athena-sql.js';
import {
  COLUMN_TABLE_DOC,
  COLUMN_TABLE_END,
  COLUMN_TABLE_SCRIPT,
  COLUMN_TABLE_START,
  columnTableIn,
  columnTableMarkdown,
  withColumnTable,
} from '../../infra/column-table.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

describe('query docs', () => {
  it('carry the column table generated from the schema module, unchanged', () => {
    expect(
      columnTableIn(read(COLUMN_TABLE_DOC)),
      `the column table in ${COLUMN_TABLE_DOC} is stale: run \`${COLUMN_TABLE_SCRIPT}\``,
    ).toBe(columnTableMarkdown());
  });

  it('list every column once, with its API field where it has one', () => {
    const lines = columnTableMarkdown().split('\n').slice(2);
    expect(lines).toHaveLength(COLUMNS.length + 1);
    expect(lines).toContain(
      '| `C2CAPNSMsgNum` | `c2c_apns_msg_num` | `bigint` | Number of pushed APNs messages (C2C) |',
    );
  });

  it('describe every saved query under a heading with its Athena name', () => {
    const headings = read(COLUMN_TABLE_DOC)
      .split('\n')
      .filter((line) => line.startsWith('### '));
    for (const q of namedQueries('getappinfo_daily')) expect(headings).toContain(`### ${q.name}`);
  });
});

describe('withColumnTable', () => {
  const doc = `# Q\n\n${COLUMN_TABLE_START}\n| old |\n${COLUMN_TABLE_END}\n\nafter\n`;

  it('replaces only the block between the markers, so a second run changes nothing', () => {
    const once = withColumnTable(doc, '| new |');
    expect(once).toBe(`# Q\n\n${COLUMN_TABLE_START}\n| new |\n${COLUMN_TABLE_END}\n\nafter\n`);
    expect(withColumnTable(once, '| new |')).toBe(once);
    expect(columnTableIn(once)).toBe('| new |');
  });

  it('rejects a document without the markers, naming them', () => {
    expect(() => withColumnTable('# Q\n', '| new |')).toThrow(COLUMN_TABLE_START);
  });
});
