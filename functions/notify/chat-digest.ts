/**
 * The digest as a chat message, before any platform's format: trouble first (the apps that
 * failed, then the anomalies' sentences), then one line per app with the day's figures and their
 * change against the same weekday a week earlier, then the dashboard link. Made for a phone:
 * short lines, the worst news at the top. Pure: a run summary in, words out; every value from
 * outside (app names, the API's error text) is made one safe line here and escaped by each
 * platform's module.
 */
import { plural } from '../core/format.js';
import { plainText } from '../core/plain-text.js';
import type { DigestMetricId } from '../digest/digest.js';
import { formatChange, formatValue } from '../digest/digest-text.js';
import type { AppFailed, AppSnapshot, RunSummary } from '../run/snapshot-pipeline.js';

export type AppStatus = 'failed' | 'anomaly' | 'ok';

/** One figure of an app's line: `active 3,495 −9.1%`. */
export interface ChatFigure {
  readonly label: string;
  readonly value: string;
  /** Against the same weekday a week earlier: `+17.9%`, `−9.1%`, `n/a`. */
  readonly change: string;
}

export interface ChatApp {
  readonly sdkAppId: number;
  /** The app's name as the API sent it, one safe line (escape it where shown); may be empty. */
  readonly name: string;
  readonly status: Exclude<AppStatus, 'failed'>;
  /** The app's newest day, when it differs from the message's day (else undefined). */
  readonly otherDay?: string;
  /** Empty for a failed app or one without days. */
  readonly figures: readonly ChatFigure[];
}

/** A line of trouble: why an app failed, or an anomaly's sentence. */
export interface ChatTrouble {
  readonly kind: 'failed' | 'anomaly';
  readonly sdkAppId: number;
  readonly name: string;
  /**
   * One safe line. A failure's text holds the API's error message (escape it where shown); an
   * anomaly's is our own sentence, numbers and dates only.
   */
  readonly text: string;
}

export interface ChatDigest {
  readonly dt: string;
  readonly runId: string;
  /** The worst status of any app. */
  readonly status: AppStatus;
  /** `chat-opsdata 2026-11-28` — also the keyword a DingTalk robot may be set to require. */
  readonly title: string;
  /** `1 failed · 2 anomalies · 3 apps`, or `all normal · 3 apps`. */
  readonly headline: string;
  /** The day most apps' figures are for (their newest `stat_date`); null with no days at all. */
  readonly day: string | null;
  readonly trouble: readonly ChatTrouble[];
  /**
   * The written apps, those with anomalies first, by SDKAppID within each. A failed app has no
   * figures: it is in `trouble` only.
   */
  readonly apps: readonly ChatApp[];
  readonly dashboardUrl: string | undefined;
}

/** The figures an app's line shows, and what it calls them. */
const LINE_FIGURES: readonly { readonly id: DigestMetricId; readonly label: string }[] = [
  { id: 'active_users', label: 'active' },
  { id: 'messages_up', label: 'msgs up' },
  { id: 'messages_down', label: 'down' },
];

/** The longest app name shown, and the longest line of trouble. */
const NAME_CHARS = 40;
const TROUBLE_CHARS = 400;

const ORDER: Readonly<Record<AppStatus, number>> = { failed: 0, anomaly: 1, ok: 2 };

function statusOf(app: AppSnapshot | AppFailed): AppStatus {
  if (!app.ok) return 'failed';
  return app.digest.anomalies.length > 0 ? 'anomaly' : 'ok';
}

/** The day most written apps have as their newest (the earliest of a tie), or null. */
function commonDay(apps: readonly AppSnapshot[]): string | null {
  const counts = new Map<string, number>();
  for (const app of apps) {
    if (app.digest.day !== null) counts.set(app.digest.day, (counts.get(app.digest.day) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [day, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (best === null || n > (counts.get(best) ?? 0)) best = day;
  }
  return best;
}

/**
 * Why an app failed, short: the error without the app id the line already shows, and the hint
 * when the error does not say it already.
 */
function failureText(app: AppFailed): string {
  const { message, hint } = app.error;
  const short = message.replace(
    new RegExp(`^getappinfo (?:failed )?for app ${app.sdkAppId}:? `),
    'getappinfo ',
  );
  return hint && !message.includes(hint) ? `${short} (${hint})` : short;
}

/** Builds the chat message of a run; `dashboardUrl` is linked at the end when there is one. */
export function chatDigest(summary: RunSummary, dashboardUrl?: string): ChatDigest {
  const sorted = [...summary.apps].sort(
    (a, b) => ORDER[statusOf(a)] - ORDER[statusOf(b)] || a.sdkAppId - b.sdkAppId,
  );
  const written = sorted.filter((app): app is AppSnapshot => app.ok);
  const failed = sorted.filter((app): app is AppFailed => !app.ok);
  const day = commonDay(written);
  const name = (app: AppSnapshot) => plainText(app.appName, NAME_CHARS);

  const trouble: ChatTrouble[] = [
    ...failed.map((app) => ({
      kind: 'failed' as const,
      sdkAppId: app.sdkAppId,
      name: '',
      text: plainText(failureText(app), TROUBLE_CHARS),
    })),
    ...written.flatMap((app) =>
      app.digest.anomalies.map((anomaly) => ({
        kind: 'anomaly' as const,
        sdkAppId: app.sdkAppId,
        name: name(app),
        text: plainText(anomaly.message, TROUBLE_CHARS),
      })),
    ),
  ];

  const apps: ChatApp[] = written.map((app) => {
    const figures = LINE_FIGURES.flatMap(({ id, label }) => {
      const metric = app.digest.metrics.find((m) => m.id === id);
      if (metric === undefined || metric.value === null) return [];
      return [
        {
          label,
          value: formatValue(metric.value, metric.unit).replace(' %', '%'),
          change: formatChange(metric.changePct, ''),
        },
      ];
    });
    return {
      sdkAppId: app.sdkAppId,
      name: name(app),
      status: app.digest.anomalies.length > 0 ? 'anomaly' : 'ok',
      ...(app.digest.day !== null && app.digest.day !== day ? { otherDay: app.digest.day } : {}),
      figures,
    };
  });

  const anomalies = trouble.filter((t) => t.kind === 'anomaly').length;
  const news = [
    ...(failed.length > 0 ? [`${failed.length} failed`] : []),
    ...(anomalies > 0 ? [plural(anomalies, 'anomaly', 'anomalies')] : []),
  ];
  return {
    dt: summary.dt,
    runId: summary.runId,
    status: failed.length > 0 ? 'failed' : anomalies > 0 ? 'anomaly' : 'ok',
    title: `chat-opsdata ${summary.dt}`,
    headline: `${news.length > 0 ? news.join(' · ') : 'all normal'} · ${plural(summary.apps.length, 'app')}`,
    day,
    trouble,
    apps,
    dashboardUrl,
  };
}

/**
 * `Demo Live (1400000002)`, or the SDKAppID alone for an app without a name; `literal` is the
 * platform's for the name, which came from the API.
 */
export function appTitle(
  app: { readonly sdkAppId: number; readonly name: string },
  literal: (text: string) => string = (text) => text,
): string {
  return app.name === '' ? String(app.sdkAppId) : `${literal(app.name)} (${app.sdkAppId})`;
}

/** `active 3,495 −9.1% · msgs up 31,584 +17.9% · down 90,112 +2.0%`, or why there are none. */
export function figuresText(app: ChatApp): string {
  if (app.figures.length === 0) return 'no days in the snapshot';
  const figures = app.figures.map((f) => `${f.label} ${f.value} ${f.change}`).join(' · ');
  return app.otherDay === undefined ? figures : `${app.otherDay}: ${figures}`;
}

/** `Fri 2026-11-27 against a week earlier:`, the line above the apps. */
export function dayHeading(digest: ChatDigest): string {
  if (digest.day === null) return 'No app has days in its snapshot:';
  const weekday = new Date(`${digest.day}T00:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'short',
    timeZone: 'UTC',
  });
  return `${weekday} ${digest.day} against a week earlier:`;
}

/**
 * The longest run of `parts` that fits `budget` bytes once `render` makes them a message, and how
 * many were left out. Parts are kept in order, so the trouble at the top is the last to go.
 */
export function fitParts<T>(
  parts: readonly T[],
  budget: number,
  render: (kept: readonly T[], leftOut: number) => string,
): { readonly kept: readonly T[]; readonly leftOut: number } {
  let low = 0;
  let high = parts.length;
  // The longest prefix that fits; a binary search, since a message of 400 apps is rendered ~9 times.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(render(parts.slice(0, mid), parts.length - mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  return { kept: parts.slice(0, low), leftOut: parts.length - low };
}
