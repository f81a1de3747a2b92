/** Reads the history (month objects, snapshots where needed), digests each app and renders the page. */

import { addDays } from '../core/dates.js';
import type { OpsdataRow } from '../core/opsdata-schema.js';
import { DEFAULT_RULES, type RuleSettings } from '../digest/anomaly-rules.js';
import { digestOf } from '../digest/digest.js';
import { appHistories } from './app-history.js';
import { loadHistory } from './read/load-history.js';
import type { SnapshotSource } from './read/snapshot-source.js';
import { renderReport } from './render/render-report.js';

/** What to read and how much of it to show. */
export interface ReportOptions {
  readonly source: SnapshotSource;
  readonly prefix: string;
  /** Show only the last `days` days (the digest still sees its full week). */
  readonly days?: number;
  /** The anomaly rules' settings (the defaults when absent). */
  readonly rules?: RuleSettings;
  readonly now: Date;
}

/** The page and what went into it, for the CLI's closing line. */
export interface BuiltReport {
  readonly html: string;
  readonly apps: number;
  readonly snapshots: number;
  /** How many month objects and snapshots were read. */
  readonly read: { readonly months: number; readonly snapshots: number };
  readonly newestDt: string;
  readonly ignored: readonly string[];
  /** The apps whose days span more than `MAX_SPAN_DAYS`: their older days are not drawn. */
  readonly clipped: readonly bigint[];
}

/** The days one snapshot holds: the window the Lambda's own digest sees. */
const DIGEST_WINDOW_DAYS = 30;

/**
 * An app's rows as one run would see them: its last 30 days. `digestOf` reports every missing day
 * of its input as `data_late`, and a gap a year back is history, not news.
 */
export function digestWindow(rows: readonly OpsdataRow[]): OpsdataRow[] {
  const newest = rows.at(-1)?.stat_date;
  if (newest === undefined) return [];
  const from = addDays(newest, 1 - DIGEST_WINDOW_DAYS);
  return rows.filter((row) => row.stat_date >= from);
}

/**
 * Builds the report of every app under `prefix`: the month layer, and the snapshots where it
 * lacks days (the page is the same either way).
 * @throws ConfigError when there is no snapshot; SnapshotReadError / SnapshotFormatError as read.
 */
export async function buildReport(options: ReportOptions): Promise<BuiltReport> {
  const loaded = await loadHistory(options.source, options.prefix);
  const histories = appHistories(loaded.rows, { days: options.days });
  const apps = histories.map((history) => ({
    history,
    digest: digestOf(digestWindow(history.allRows), {
      runDate: loaded.newestDt,
      rules: options.rules,
    }),
  }));
  const html = renderReport({
    apps,
    source: options.source.describe(options.prefix),
    snapshotCount: loaded.snapshots,
    newestDt: loaded.newestDt,
    days: options.days,
    generatedAt: options.now.toISOString(),
    ignored: loaded.ignored,
    rules: options.rules ?? DEFAULT_RULES,
  });
  return {
    html,
    apps: apps.length,
    snapshots: loaded.snapshots,
    read: loaded.read,
    newestDt: loaded.newestDt,
    ignored: loaded.ignored,
    clipped: histories.filter((h) => h.leftOut !== undefined).map((h) => h.appId),
  };
}
