/**
 * Athena, offline: snapshots taken through the real pipeline from the simulator (which also
 * merges the month layer), read by DuckDB with the types of the synthesized Glue tables, under
 * the view exactly as deployed. Shared by the SQL conformance test, the query guide's samples
 * (`npm run docs -- samples`) and the benchmark.
 */

import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { dirStore } from '../../functions/local/dir-store.js';
import { takeSnapshots } from '../../functions/run/snapshot-pipeline.js';
import { parseSecret } from '../../functions/secret/secret.js';
import { defaultRunSettings, SETTINGS } from '../../functions/settings/settings.js';
import {
  DEFAULT_TABLE_NAME,
  dailyViewName,
  monthTableName,
  parsePrestoViewText,
  snapshotDailySql,
} from '../../infra/athena-sql.js';
import { demoSecret } from '../../simulator/demo.js';
import { type SimulatedApp, startSimulator } from '../../simulator/server.js';
import {
  glueTableInput,
  type NamedQueryJson,
  namedQueriesOf,
  synthAnalytics,
  type TableInputJson,
} from './athena-synth.js';

/** The Glue tables, the view and the named queries as the stack deploys them. */
export interface DeployedAnalytics {
  /** Every snapshot, partitioned by `dt`. */
  readonly table: TableInputJson;
  /** The month layer, partitioned by `month`. */
  readonly monthTable: TableInputJson;
  readonly view: TableInputJson;
  readonly namedQueries: readonly NamedQueryJson[];
}

/** Synthesizes the analytics construct and decodes what it deploys from the template. */
export function deployedAnalytics(): DeployedAnalytics {
  const { template } = synthAnalytics();
  return {
    table: glueTableInput(template, DEFAULT_TABLE_NAME),
    monthTable: glueTableInput(template, monthTableName(DEFAULT_TABLE_NAME)),
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

/** A Glue table as DuckDB reads it: every file the glob finds, typed as the table declares. */
function readJsonSql(table: TableInputJson, glob: string): string {
  const columns = table.StorageDescriptor.Columns.map((c) => `${c.Name}: '${duckType(c.Type)}'`);
  const hiveTypes = table.PartitionKeys.map((c) => `${c.Name}: '${duckType(c.Type)}'`);
  return `SELECT * FROM read_json('${glob}',
    format = 'newline_delimited', hive_partitioning = true,
    hive_types = {${hiveTypes.join(', ')}}, columns = {${columns.join(', ')}})`;
}

/** Where the layers of a folder are, as the Glue tables' partition folders. */
export function layerGlobs(dir: string) {
  const prefix = SETTINGS.prefix.default;
  return {
    snapshots: join(dir, prefix, 'dt=*', '*.json'),
    months: join(dir, 'days', prefix, 'month=*', '*.json'),
  };
}

export interface AthenaTablesOptions {
  /**
   * What `current_date` is (Athena: the UTC day the query runs), `YYYY-MM-DD`; queries of recent
   * days read the months from it. Pinned, so results never depend on the day a test runs.
   */
  readonly today: string;
  /** Also the view as it was before the month layer, over the snapshots (`snapshotDailySql`). */
  readonly schemaOverSnapshots?: string;
}

/**
 * Creates the Glue tables (columns and types from the template, `dt` and `month` from the
 * folders) over the snapshots and the month objects under `dir`, and the view from its deployed
 * Presto view text. With `schemaOverSnapshots`, that schema gets the same names answered from the
 * snapshot table alone — the reference the month layer must equal.
 */
export async function createAthenaTables(
  db: DuckDBConnection,
  dir: string,
  { table, monthTable, view }: Pick<DeployedAnalytics, 'table' | 'monthTable' | 'view'>,
  options: AthenaTablesOptions,
): Promise<void> {
  const globs = layerGlobs(dir);
  // DuckDB looks a macro up before its built-in current_date, as a fixed session date would be.
  await db.run(`CREATE OR REPLACE TEMP MACRO current_date() AS DATE '${options.today}'`);
  await db.run(`CREATE VIEW ${table.Name} AS ${readJsonSql(table, globs.snapshots)}`);
  await db.run(`CREATE VIEW ${monthTable.Name} AS ${readJsonSql(monthTable, globs.months)}`);
  const { originalSql } = parsePrestoViewText(view.ViewOriginalText ?? '');
  await db.run(`CREATE VIEW ${view.Name} AS ${originalSql}`);
  const before = options.schemaOverSnapshots;
  if (before !== undefined) {
    await db.run(`CREATE SCHEMA ${before}`);
    await db.run(`CREATE VIEW ${before}.${table.Name} AS SELECT * FROM main.${table.Name}`);
    await db.run(
      `CREATE VIEW ${before}.${view.Name} AS ${snapshotDailySql(`${before}.${table.Name}`)}`,
    );
    // The month table as the snapshots alone would make it: the view's rows and their month.
    await db.run(
      `CREATE VIEW ${before}.${monthTable.Name} AS SELECT *, substr(CAST(stat_date AS varchar), 1, 7) AS month FROM ${before}.${view.Name}`,
    );
  }
}
