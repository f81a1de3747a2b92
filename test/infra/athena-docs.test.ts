import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../functions/lib/opsdata-schema.js';
import { namedQueries } from '../../infra/athena-sql.js';
import { columnTableIn, columnTableMarkdown } from '../../infra/column-table.js';

// The query guide must match the schema module, so it cannot drift.
function queryDocs(): { path: string; text: string } {
  return {
    path: 'docs/query.md',
    text: readFileSync(new URL('../../docs/query.md', import.meta.url), 'utf8'),
  };
}

describe('query docs', () => {
  it('carry the column table generated from the schema module, unchanged', () => {
    const { path, text } = queryDocs();
    expect(columnTableIn(text), `regenerate the table in ${path}`).toBe(columnTableMarkdown());
  });

  it('list every column once, with its API field where it has one', () => {
    const lines = columnTableMarkdown().split('\n').slice(2);
    expect(lines).toHaveLength(COLUMNS.length + 1);
    expect(lines).toContain(
      '| `C2CAPNSMsgNum` | `c2c_apns_msg_num` | `bigint` | Number of pushed APNs messages (C2C) |',
    );
  });

  it('describe every saved query under a heading with its Athena name', () => {
    const headings = queryDocs()
      .text.split('\n')
      .filter((line) => line.startsWith('### '));
    for (const q of namedQueries('getappinfo_daily')) expect(headings).toContain(`### ${q.name}`);
  });
});
