import { beforeAll, describe, expect, it } from 'vitest';
import { namedQueries } from '../../../infra/athena-sql.js';
import {
  collectQuerySamples,
  type QuerySample,
  querySamplesMarkdown,
  SAMPLE_APP_ID,
  shownRows,
} from '../../../tools/docs/query-samples.js';

let samples: QuerySample[];

beforeAll(async () => {
  samples = await collectQuerySamples();
});

describe('the saved-query samples in docs/query.md', () => {
  it('cover every named query, in the deployed order, each with rows', () => {
    expect(samples.map((s) => s.name)).toEqual(
      namedQueries('getappinfo_daily', 'getappinfo_months').map((q) => q.name),
    );
    for (const sample of samples) expect(sample.rows.length).toBeGreaterThan(0);
  });

  it('print a timestamp as Athena shows it, at millisecond precision', () => {
    const latest = samples.find((s) => s.name === 'Latest day per app');
    const column = latest?.columns.indexOf('extracted_at') ?? -1;
    expect(latest?.rows.map((row) => row[column])).toEqual([
      '2026-11-27 02:00:03.123',
      '2026-11-27 02:00:03.123',
    ]);
  });
});

describe('shownRows', () => {
  const other = String(SAMPLE_APP_ID + 1);
  const app = String(SAMPLE_APP_ID);
  const sample = (ids: string[]): QuerySample => ({
    name: 'q',
    description: 'd',
    columns: ['n', 'app_id'],
    rows: ids.map((id, i) => [String(i), id]),
  });

  it.each([
    ['every row when there are at most three', [app, other, other], ['0', '1', '2']],
    [
      'the last three of the sample app when there are more',
      [app, app, app, app, other],
      ['1', '2', '3'],
    ],
    ['fewer when the sample app has fewer', [other, app, other, other], ['1']],
  ])('shows %s', (_, ids, shown) => {
    expect(shownRows(sample(ids)).map((row) => row[0])).toEqual(shown);
  });
});

describe('querySamplesMarkdown', () => {
  it('gives each query a heading, its description, its row count and a table', () => {
    const markdown = querySamplesMarkdown([
      { name: 'Q', description: 'What it does', columns: ['a', 'b'], rows: [['x|y', 'NULL']] },
    ]);
    expect(markdown).toContain(
      '### Q\n\nWhat it does. (1 row in the sample.)\n\n| a | b |\n| --- | --- |\n| x\\|y | NULL |',
    );
  });
});
