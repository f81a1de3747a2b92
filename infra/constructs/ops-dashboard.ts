import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  APP_DIMENSION,
  APP_METRIC,
  APP_METRICS_NAMESPACE,
  METRIC,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../functions/core/metric-names.js';
import { type CallbackRule, DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';
import { DEFAULT_MAX_ATTEMPTS } from '../../functions/getappinfo/client.js';
import { SILENCE_HOURS } from './alarms.js';

export interface OpsDashboardProps {
  /** Shown with their state at the top. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The callback rule the function applies: its threshold is drawn on the callback graph. */
  readonly callbackRule?: CallbackRule;
}

const DAY = Duration.days(1);

/**
 * The per-app graphs, two a row with the same unit side by side: users, messages, then
 * registrations and the callback rate.
 */
const APP_GRAPHS: readonly {
  readonly metric: string;
  readonly title: string;
  readonly unit: string;
}[] = [
  { metric: APP_METRIC.active_users, title: 'Active users per day', unit: 'users' },
  { metric: APP_METRIC.peak_online, title: 'Peak online users per day', unit: 'users' },
  { metric: APP_METRIC.messages_up, title: 'Messages sent (up) per day', unit: 'messages' },
  {
    metric: APP_METRIC.messages_down,
    title: 'Messages delivered (down) per day',
    unit: 'messages',
  },
  { metric: APP_METRIC.new_registrations, title: 'New registrations per day', unit: 'users' },
  {
    metric: APP_METRIC.callback_success_rate,
    title: 'Callback success rate per day',
    unit: 'percent answered',
  },
];

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

/** A dynamic label: each line of a SEARCH result is named by its app's SDKAppID, nothing else. */
const APP_LABEL = `\${PROP('Dim.${APP_DIMENSION}')}`;

const runMetric = (metricName: string, statistic: string, label: string, color?: string) =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period: DAY,
    label,
    ...(color ? { color } : {}),
  });

/**
 * What is where, for whoever opens the dashboard first. Paragraphs and list items need blank
 * lines or `- `: a single line break in Markdown is a space.
 */
export const DASHBOARD_GUIDE = `## chat-opsdata — Tencent Cloud Chat operations, one snapshot a day

- **Top row — is the pipeline healthy?** All alarms OK, every app written and none missing each day. Alarms: *AppsNotWritten* the day is not complete (it stays in ALARM until a run writes every app) · *FunctionErrors* an attempt failed (Lambda retries it) · *DeadLetters* the schedule could not start it · *Silence* no snapshot for ${SILENCE_HOURS} h · *Anomalies* a figure looks wrong (the function's log has one \`anomaly found\` line each, the digest e-mail too).
- **Below — how is each app doing?** One line per SDKAppID (hover a line to see which), one point per Beijing day; the first run fills in the last 14 days. A missing point is a day not reported yet.
- **Exact or older numbers:** Athena, view \`getappinfo_daily\`. What each alarm means and what to do: docs/deploy.md, section 8.`;

/**
 * The CloudWatch dashboard: pipeline health at the top, one graph per operations figure across
 * every app below, 30 days by default.
 */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  /** Opens the dashboard in the console of the stack's region. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(30),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: DASHBOARD_GUIDE, width: 24, height: 3 }),
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
          runMetric(METRIC.snapshotsSucceeded, 'Sum', 'apps written', GREEN),
          // A level that only falls during a day (retries write what is left): its Minimum is
          // what the day's last run left unwritten.
          runMetric(METRIC.appsNotWritten, 'Minimum', 'not written after the last run', RED),
        ],
        leftYAxis: { min: 0, label: 'apps', showUnits: false },
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'getappinfo per day: slowest call, attempts',
        left: [runMetric(METRIC.apiLatency, 'Maximum', 'slowest call, ms (left)')],
        right: [runMetric(METRIC.apiAttempts, 'Maximum', 'most attempts for an app (right)')],
        leftYAxis: { min: 0, label: 'ms', showUnits: false },
        // Up to the client's most attempts: the usual 1 then sits low, under the latency line,
        // instead of crossing it in the middle of the graph.
        rightYAxis: { min: 0, max: DEFAULT_MAX_ATTEMPTS, label: 'attempts', showUnits: false },
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Anomalies found per daily run',
        left: [runMetric(METRIC.anomaliesFound, 'Maximum', 'anomalies (all apps)')],
        leftYAxis: { min: 0, label: 'anomalies', showUnits: false },
        width: 6,
        height: 6,
      }),
    );
    const callback = props.callbackRule ?? DEFAULT_RULES.callback_failures;
    // 0.999 × 100 is 99.89999999999999 in floating point.
    const callbackPercent = Math.round(callback.threshold * 10_000) / 100;
    const graphs = APP_GRAPHS.map(({ metric, title, unit }) => {
      const isCallback = metric === APP_METRIC.callback_success_rate;
      return new cloudwatch.GraphWidget({
        title: `${title}, by SDKAppID`,
        left: [
          new cloudwatch.MathExpression({
            expression: appSearch(metric),
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
    });
    for (let i = 0; i < graphs.length; i += 2) this.dashboard.addWidgets(...graphs.slice(i, i + 2));

    this.url = `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }
}
