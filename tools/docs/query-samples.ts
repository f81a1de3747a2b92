/**
 * The query guide's sample output: every deployed named query, run by DuckDB over two snapshots
 * of the simulator's demo apps, rendered as the Markdown between the `samples:start` and
 * `samples:end` markers of docs/query.md. `npm run docs -- samples` writes it; a test compares it.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import { DEMO_APPS } from '../../simulator/demo.js';
import {
  createAthenaTables,
  deployedAnalytics,
  snapshotSimulator,
} from '../harness/duckdb-athena.js';
import type { GeneratedBlock } from './generated-block.js';

/** The two runs the samples come from: fixed, so the output never depends on the day it is made. */
export const SAMPLE_RUNS: readonly Date[] = [
  new Date('2026-11-26T02:00:03.123Z'),
  new Date('2026-11-27T02:00:03.123Z'),
];

/** The app (Demo Chat) whose last rows are shown when a query returns more than {@link SAMPLE_ROWS}. */
export const SAMPLE_APP_ID = 1400000001;

/** How many rows a sample table shows at most. */
export const SAMPLE_ROWS = 3;

/** One named query's output, every cell as text. */
export interface QuerySample {
  /** The name shown in Athena's "Saved queries". */
  readonly name: string;
  readonly description: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * A cell as the guide prints it: `NULL`, a timestamp as Athena shows a `timestamp(3)`
 * (`2026-11-27 02:00:03.123`), anything else as DuckDB's value prints (a whole double has no `.0`).
 */
export function cellText(value: DuckDBValue): string {
  if (value === null) return 'NULL';
  if (value instanceof DuckDBTimestampValue) {
    return new Date(Number(value.micros / 1000n)).toISOString().slice(0, 23).replace('T', ' ');
  }
  return String(value);
}

/**
 * Takes the two demo snapshots through the real pipeline into a temporary folder (snapshots and
 * month objects), reads them in one DuckDB instance under the deployed tables and view, and runs
 * every deployed named query.
 */
export async function collectQuerySamples(): Promise<QuerySample[]> {
  const deployed = deployedAnalytics();
  // Demo Live's `customize` (a group-spam day) rewrites the newest day as of the real clock,
  // which snapshots taken at past run times never report; leaving it out keeps that explicit.
  const apps = DEMO_APPS.map(({ customize: _, ...app }) => app);
  const dir = await mkdtemp(join(tmpdir(), 'query-samples-'));
  const instance = await DuckDBInstance.create();
  const db = await instance.connect();
  try {
    for (const [i, now] of SAMPLE_RUNS.entries()) {
      await snapshotSimulator({ dir, apps, now, runId: `samples-${i + 1}` });
    }
    // Athena's current_date on the day of the newest run, so "recent" is the samples' recent.
    const today = SAMPLE_RUNS.at(-1)?.toISOString().slice(0, 10) ?? '';
    await createAthenaTables(db, dir, deployed, { today });
    const samples: QuerySample[] = [];
    for (const query of deployed.namedQueries) {
      const reader = await db.runAndReadAll(query.QueryString);
      samples.push({
        name: query.Name,
        description: query.Description,
        columns: reader.columnNames(),
        rows: reader.getRows().map((row) => row.map(cellText)),
      });
    }
    return samples;
  } finally {
    db.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The rows a sample shows: all of them up to {@link SAMPLE_ROWS}, else the last of {@link SAMPLE_APP_ID}. */
export function shownRows(sample: QuerySample): readonly (readonly string[])[] {
  if (sample.rows.length <= SAMPLE_ROWS) return sample.rows;
  const appColumn = sample.columns.indexOf('app_id');
  return sample.rows.filter((row) => row[appColumn] === String(SAMPLE_APP_ID)).slice(-SAMPLE_ROWS);
}

const tableLine = (cells: readonly string[]) =>
  `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;

/** The Markdown between the markers: how the samples were made, then one heading per query. */
export function querySamplesMarkdown(samples: readonly QuerySample[]): string {
  const runs = SAMPLE_RUNS.map((d) => `\`${d.toISOString()}\``).join(' and ');
  const intro = `Real output of the deployed SQL, run by DuckDB over two snapshots of the simulator's demo
apps (\`DEMO_APPS\` in \`simulator/demo.ts\`, what \`npm start\` serves) taken through the real
pipeline at ${runs} (with them the month layer), \`current_date\` the day of the second.
Where a query returns more than ${SAMPLE_ROWS} rows, the last ${SAMPLE_ROWS} of app ${SAMPLE_APP_ID} are shown. Numbers
print as DuckDB returns them (a whole \`double\` without \`.0\`), timestamps as Athena shows them.
The apps run without their \`customize\` hook: Demo Live's group-spam day falls on the newest day
as of the real clock, which runs on these past dates never report, so it would change nothing.`;
  const sections = samples.map((s) =>
    [
      `### ${s.name}`,
      '',
      `${s.description}. (${s.rows.length} ${s.rows.length === 1 ? 'row' : 'rows'} in the sample.)`,
      '',
      tableLine(s.columns),
      tableLine(s.columns.map(() => '---')),
      ...shownRows(s).map(tableLine),
    ].join('\n'),
  );
  return [intro, ...sections].join('\n\n');
}

export const QUERY_SAMPLES: GeneratedBlock = {
  name: 'samples',
  doc: 'docs/query.md',
  render: async () => querySamplesMarkdown(await collectQuerySamples()),
};
