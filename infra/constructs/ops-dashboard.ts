import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  APP_DIMENSION,
  APP_FIGURES_AT,
  APP_METRIC,
  APP_METRICS_NAMESPACE,
  type AppFigure,
  type AppMetricsLevel,
  METRIC,
} from '../../functions/core/metric-names.js';
import { type CallbackRule, DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';
import { DEFAULT_MAX_ATTEMPTS } from '../../functions/getappinfo/client.js';
import { accountScopedName } from '../names.js';
import { SILENCE_HOURS } from './alarms.js';
import { runMetric } from './run-metric.js';

export interface OpsDashboardProps {
  /** Shown with their state at the top. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The function's log group: the table of every app reads its `snapshot written` lines. */
  readonly logGroup: logs.ILogGroup;
  /** The callback rule the function applies: its threshold is drawn on the callback graph. */
  readonly callbackRule?: CallbackRule;
  /** The per-app figures the function sends (`chat-opsdata:appMetrics`): one graph for each. */
  readonly appMetrics?: AppMetricsLevel;
}

const DAY = Duration.days(1);

/**
 * The per-app graphs, two a row with the same unit side by side: users, messages, then
 * registrations and the callback rate.
 */
const APP_GRAPHS: readonly {
  readonly figure: AppFigure;
  readonly title: string;
  readonly unit: string;
  /** Which apps a graph of many shows: the largest, or (a rate) the lowest. */
  readonly top: 'largest' | 'lowest';
}[] = [
  { figure: 'active_users', title: 'Active users per day', unit: 'users', top: 'largest' },
  { figure: 'peak_online', title: 'Peak online users per day', unit: 'users', top: 'largest' },
  { figure: 'messages_up', title: 'Messages sent (up) per day', unit: 'messages', top: 'largest' },
  {
    figure: 'messages_down',
    title: 'Messages delivered (down) per day',
    unit: 'messages',
    top: 'largest',
  },
  {
    figure: 'new_registrations',
    title: 'New registrations per day',
    unit: 'users',
    top: 'largest',
  },
  {
    figure: 'callback_success_rate',
    title: 'Callback success rate per day',
    unit: 'percent answered',
    top: 'lowest',
  },
];

/** How many apps a per-app graph draws: ten lines stay readable, the table lists every app. */
export const TOP_APPS = 10;

/**
 * The callback graph shows 95–100 %: a healthy app sits at 99.5–100 %, which a 0–100 axis flattens
 * into one line at the top; a worse day falls off the bottom, and the digest gives its number.
 */
const CALLBACK_AXIS_MIN = 95;

/** The colours of good and bad: the console's own green and red. */
const GREEN = '#2ca02c';
const RED = '#d62728';

/**
 * `SEARCH` over every app that sent `metricName`: the stack never knows the app ids. `Maximum`
 * over a day, because the next run sends the same day again.
 */
export function appSearch(metricName: string): string {
  return `SEARCH('{${APP_METRICS_NAMESPACE},${APP_DIMENSION}} MetricName="${metricName}"', 'Maximum', 86400)`;
}

/**
 * The `TOP_APPS` apps of `appSearch(metricName)` with the largest peak (or, for a rate where low
 * is bad, the lowest low) in the time range: with 30 apps a graph of 30 lines reads as none.
 */
export function topApps(metricName: string, top: 'largest' | 'lowest'): string {
  const [stat, order] = top === 'largest' ? ['MAX', 'DESC'] : ['MIN', 'ASC'];
  return `SORT(${appSearch(metricName)}, ${stat}, ${order}, ${TOP_APPS})`;
}

/**
 * The Logs Insights query of the table of every app: each app's newest \`snapshot written\`
 * line (its name, day, anomalies and key figures), trouble first.
 */
export const APPS_TABLE_QUERY: readonly string[] = [
  'filter message = "snapshot written"',
  `${[
    'stats latest(appName) as app',
    'latest(day) as day',
    'latest(anomalies) as anomalies',
    'latest(anomalyRules) as rules',
    'latest(figures.active_users) as active_users',
    'latest(figures.messages_up) as messages_up',
    'latest(figures.messages_down) as messages_down',
    'latest(figures.peak_online) as peak_online',
    'latest(figures.callback_success_rate) as callback_pct',
  ].join(', ')} by sdkAppId`,
  'sort anomalies desc, sdkAppId asc',
  'limit 1000',
];

/** A dynamic label: each line of a SEARCH result is named by its app's SDKAppID, nothing else. */
const APP_LABEL = `\${PROP('Dim.${APP_DIMENSION}')}`;

const dailyRunMetric = (metricName: string, statistic: string, label: string, color?: string) =>
  runMetric(metricName, { statistic, period: DAY, label, ...(color ? { color } : {}) });

/** What the per-app row of the guide says at each `appMetrics` level. */
const APP_ROW: Readonly<Record<AppMetricsLevel, string>> = {
  all: `**The graphs** — the ${TOP_APPS} apps with the most of each figure (the callback rate: the lowest) in the range, one line per SDKAppID (the table says which app an id is), one point per Beijing day. A missing point is a day not reported yet.`,
  key: `**The graphs** — active users and messages up (\`chat-opsdata:appMetrics\` is \`key\`): the ${TOP_APPS} apps with the most in the range, one line per SDKAppID (the table says which app an id is), one point per Beijing day. A missing point is a day not reported yet.`,
  none: "**Per-app figures are off** (`chat-opsdata:appMetrics` is `none`): the daily digest, the chat message and Athena have every app's figures.",
};

/**
 * What is where, for whoever opens the dashboard first. Paragraphs and list items need blank
 * lines or `- `: a single line break in Markdown is a space.
 */
export function dashboardGuide(level: AppMetricsLevel = 'all'): string {
  return `## chat-opsdata — Tencent Cloud Chat operations, one snapshot a day

- **Top row — is the pipeline healthy?** All alarms OK, every app written and none missing each day. Alarms: *DayIncomplete* the day is not complete, an app not written or a digest not sent (it stays in ALARM until a run completes the day) · *DeadLetters* the schedule could not start it · *Silence* no snapshot for ${SILENCE_HOURS} h · *Anomalies* a figure looks wrong (the function's log has one \`anomaly found\` line each, the digest e-mail too).
- **Every app** — the table: each app's name, SDKAppID, newest day, anomalies and key figures, trouble first (from the function's log, whatever \`chat-opsdata:appMetrics\` says).
- ${APP_ROW[level]}
- **The first two weeks:** right after the deploy *Silence* is in ALARM until the first run succeeds. The first run sends each app's last 14 days (CloudWatch takes nothing older), so the per-app graphs start with two weeks and then grow a day a day; the run-health graphs start with one point on the day of the first run and fill their 30 days a day a day. Exact or older numbers: Athena, view \`getappinfo_daily\`. What each alarm means and what to do: docs/deploy.md, section 8.`;
}

/** The table of every app, from the function's log: names, days, anomalies, figures. */
function appsTable(logGroup: logs.ILogGroup): cloudwatch.LogQueryWidget {
  return new cloudwatch.LogQueryWidget({
    title: 'Every app on its newest day (from the function log): anomalies first',
    logGroupNames: [logGroup.logGroupName],
    queryLines: [...APPS_TABLE_QUERY],
    view: cloudwatch.LogQueryVisualizationType.TABLE,
    width: 24,
    height: 6,
  });
}

/**
 * The CloudWatch dashboard: pipeline health at the top, one graph per operations figure across
 * every app below, 30 days by default.
 */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  /**
   * Opens the dashboard in the console of the stack's region. Made from the name, not the
   * resource: the function links to it, and the dashboard shows the function's alarms (a cycle).
   */
  readonly url: string;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const level = props.appMetrics ?? 'all';
    // A name known before deployment, so the function's environment can hold the URL without a
    // reference back to the dashboard (which references the alarms, which reference the
    // function). Dashboards are global in an account: the region keeps two deployments apart.
    const dashboardName = accountScopedName(this);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName,
      defaultInterval: Duration.days(30),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: dashboardGuide(level), width: 24, height: 5 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.alarms],
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Apps per day: written, still missing',
        left: [
          // Each app once per day: a retry skips the apps an earlier attempt wrote.
          dailyRunMetric(METRIC.snapshotsSucceeded, 'Sum', 'apps written', GREEN),
          // A level that only falls during a day (retries write what is left): its Minimum is
          // what the day's last run left unwritten.
          dailyRunMetric(METRIC.appsNotWritten, 'Minimum', 'not written after the last run', RED),
        ],
        leftYAxis: { min: 0, label: 'apps', showUnits: false },
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'getappinfo per day: slowest call, attempts',
        left: [dailyRunMetric(METRIC.apiLatency, 'Maximum', 'slowest call, ms (left)')],
        right: [dailyRunMetric(METRIC.apiAttempts, 'Maximum', 'most attempts for an app (right)')],
        leftYAxis: { min: 0, label: 'ms', showUnits: false },
        // Up to the client's most attempts: the usual 1 then sits low, under the latency line,
        // instead of crossing it in the middle of the graph.
        rightYAxis: { min: 0, max: DEFAULT_MAX_ATTEMPTS, label: 'attempts', showUnits: false },
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Anomalies found per daily run',
        left: [dailyRunMetric(METRIC.anomaliesFound, 'Maximum', 'anomalies (all apps)')],
        leftYAxis: { min: 0, label: 'anomalies', showUnits: false },
        width: 6,
        height: 6,
      }),
    );
    const callback = props.callbackRule ?? DEFAULT_RULES.callback_failures;
    // 0.999 × 100 is 99.89999999999999 in floating point.
    const callbackPercent = Math.round(callback.threshold * 10_000) / 100;
    this.dashboard.addWidgets(appsTable(props.logGroup));
    const kept = APP_FIGURES_AT[level];
    const graphs = APP_GRAPHS.filter(({ figure }) => kept.includes(figure)).map(
      ({ figure, title, unit, top }) => {
        const metric = APP_METRIC[figure];
        const isCallback = figure === 'callback_success_rate';
        return new cloudwatch.GraphWidget({
          title: `${title}: the ${TOP_APPS} ${top === 'largest' ? 'largest' : 'lowest'} apps, by SDKAppID`,
          left: [
            new cloudwatch.MathExpression({
              expression: topApps(metric, top),
              usingMetrics: {},
              period: DAY,
              label: APP_LABEL,
            }),
          ],
          leftYAxis: isCallback
            ? {
                // Room for a threshold set below the usual axis (chat-opsdata:anomalyRules).
                min: Math.min(CALLBACK_AXIS_MIN, Math.floor(callbackPercent) - 1),
                max: 100,
                label: unit,
                showUnits: false,
              }
            : { min: 0, label: unit, showUnits: false },
          leftAnnotations:
            isCallback && callback.enabled
              ? [
                  {
                    value: callbackPercent,
                    label: `callback_failures rule: below ${callbackPercent} %`,
                    color: RED,
                  },
                ]
              : [],
          // A list beside the graph keeps the plot the same size whether there are 2 apps or 30.
          legendPosition: cloudwatch.LegendPosition.RIGHT,
          width: 12,
          height: 6,
        });
      },
    );
    for (let i = 0; i < graphs.length; i += 2) this.dashboard.addWidgets(...graphs.slice(i, i + 2));

    this.url = `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${dashboardName}`;
  }
}
