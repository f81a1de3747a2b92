/**
 * Athena, offline: snapshots taken through the real pipeline from the simulator, read by DuckDB
 * with the types of the synthesized Glue table, under the view exactly as deployed. Shared by the
 * SQL conformance test and the query guide's samples (`npm run docs -- samples`).
 */

import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { dirStore } from '../../functions/local/dir-store.js';
import { takeSnapshots } from '../../functions/run/snapshot-pipeline.js';
import { parseSecret } from '../../functions/secret/secret.js';
import { defaultRunSettings, SETTINGS } from '../../functions/settings/settings.js';
import { DEFAULT_TABLE_NAME, dailyViewName, parsePrestoViewText } from '../../infra/athena-sql.js';
import { demoSecret } from '../../simulator/demo.js';
import { type SimulatedApp, startSimulator } from '../../simulator/server.js';
import {
  glueTableInput,
  type NamedQueryJson,
  namedQueriesOf,
  synthAnalytics,
  type TableInputJson,
} from './athena-synth.js';

/** The Glue table, the view and the named queries as the stack deploys them. */
export interface DeployedAnalytics {
  readonly table: TableInputJson;
  readonly view: TableInputJson;
  readonly namedQueries: readonly NamedQueryJson[];
}

/** Synthesizes the analytics construct and decodes what it deploys from the template. */
export function deployedAnalytics(): DeployedAnalytics {
  const { template } = synthAnalytics();
  return {
    table: glueTableInput(template, DEFAULT_TABLE_NAME),
    view: glueTableInput(template, dailyViewName(DEFAULT_TABLE_NAME)),
    namedQueries: namedQueriesOf(template),
  };
}

const HIVE_TO_DUCKDB: Record<string, string> = {
  bigint: 'BIGINT',
  string: 'VARCHAR',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  int: 'INTEGER',
  'array<string>': 'VARCHAR[]',
  'map<string,string>': 'MAP(VARCHAR, VARCHAR)',
};

/**
 * The DuckDB type that reads a Glue (Hive) column type.
 * @throws Error for a Glue type without a mapping.
 */
export function duckType(hiveType: string): string {
  const type = HIVE_TO_DUCKDB[hiveType];
  if (!type) throw new Error(`no DuckDB type for Glue type ${hiveType}`);
  return type;
}

export interface SimulatorSnapshot {
  /** The directory store's root; rows land under `<dir>/getappinfo/dt=…/`. */
  readonly dir: string;
  readonly apps: readonly SimulatedApp[];
  /** The run time; the simulator's clock starts there too. */
  readonly now: Date;
  readonly runId: string;
  readonly requestFields?: readonly string[];
}

/**
 * Takes one snapshot of `apps` through the real pipeline, from a simulator whose clock reads `now`.
 * @throws Error when an app fails.
 */
export async function snapshotSimulator(input: SimulatorSnapshot): Promise<void> {
  const offset = input.now.getTime() - Date.now();
  const clock = () => Date.now() + offset;
  const sim = await startSimulator({ apps: input.apps, now: () => new Date(clock()) });
  try {
    const summary = await takeSnapshots({
      apps: parseSecret(demoSecret(sim.url, input.apps)),
      store: dirStore(input.dir),
      settings: {
        ...defaultRunSettings(),
        requestFields: input.requestFields,
      },
      runId: input.runId,
      now: input.now,
      deadline: clock() + 20_000,
      client: { clock, maxAttempts: 1 },
    });
    if (!summary.ok) throw new Error(`snapshot failed: ${JSON.stringify(summary.apps)}`);
  } finally {
    await sim.close();
  }
}

/**
 * Creates the Glue table (its columns and types from the template, `dt` from the `dt=` folders)
 * over the snapshots under `dir`, and the view from its deployed Presto view text.
 */
export async function createAthenaTables(
  db: DuckDBConnection,
  dir: string,
  { table, view }: Pick<DeployedAnalytics, 'table' | 'view'>,
): Promise<void> {
  const columns = table.StorageDescriptor.Columns.map((c) => `${c.Name}: '${duckType(c.Type)}'`);
  const hiveTypes = table.PartitionKeys.map((c) => `${c.Name}: '${duckType(c.Type)}'`);
  const glob = join(dir, SETTINGS.prefix.default, 'dt=*', '*.json');
  await db.run(`CREATE VIEW ${table.Name} AS SELECT * FROM read_json('${glob}',
    format = 'newline_delimited', hive_partitioning = true,
    hive_types = {${hiveTypes.join(', ')}}, columns = {${columns.join(', ')}})`);
  const { originalSql } = parsePrestoViewText(view.ViewOriginalText ?? '');
  await db.run(`CREATE VIEW ${view.Name} AS ${originalSql}`);
}
