import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../functions/lib/opsdata-schema.js';
import { namedQueries } from '../../infra/athena-sql.js';
import { columnTableIn, columnTableMarkdown } from '../../infra/column-table.js';

// The "Query it" section lives in docs/query.md until it is merged into README.md; the README wins
// as soon as it carries the column markers.
function queryDocs(): { path: string; text: string } {
  const readmePath = new URL('../../README.md', import.meta.url);
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  if (columnTableIn(readme) !== undefined) return { path: 'README.md', text: readme };
  const query = new URL('../../docs/query.md', import.meta.url);
  return { path: 'docs/query.md', text: readFileSync(query, 'utf8') };
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

  it('describe every saved query by its Athena name', () => {
    const { text } = queryDocs();
    for (const q of namedQueries('getappinfo_daily')) expect(text).toContain(`#### ${q.name}`);
  });
});
