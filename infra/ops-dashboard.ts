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
} from '../functions/lib/run-metrics.js';

export interface OpsDashboardProps {
  /** Shown with their state at the top. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const DAY = Duration.days(1);

/** The per-app graphs, in the order the digest lists the figures. */
const APP_GRAPHS: readonly {
  readonly metric: string;
  readonly title: string;
  readonly unit: string;
}[] = [
  { metric: APP_METRIC.active_users, title: 'Active users', unit: 'users' },
  { metric: APP_METRIC.messages_up, title: 'Messages up (sent by users)', unit: 'messages' },
  { metric: APP_METRIC.messages_down, title: 'Messages down (delivered)', unit: 'messages' },
  { metric: APP_METRIC.peak_online, title: 'Peak online users', unit: 'users' },
  { metric: APP_METRIC.new_registrations, title: 'New registrations', unit: 'users' },
  { metric: APP_METRIC.callback_success_rate, title: 'Callback success rate', unit: '%' },
];

/**
 * `SEARCH` over every app that sent `metricName`: the stack never knows the app ids. `Maximum`
 * over a day, because the next run sends the same day again.
 */
export function appSearch(metricName: string): string {
  return `SEARCH('{${APP_METRICS_NAMESPACE},${APP_DIMENSION}} MetricName="${metricName}"', 'Maximum', 86400)`;
}

const runMetric = (metricName: string, statistic: string, label: string) =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period: DAY,
    label,
  });

/** What is where, for whoever opens the dashboard first. */
export const DASHBOARD_GUIDE = `## chat-opsdata — Tencent Cloud Chat operations, daily
**Top row: is the pipeline healthy?** Alarm states, snapshots written or failed per day, the getappinfo call's latency and attempts, and the anomalies the rules found.
**Below: how each app is doing.** One line per SDKAppID (found by metric search, so new apps appear by themselves), one point per Beijing day, at most 14 days back at first (CloudWatch keeps what was sent for 15 months). A missing point is a day not (yet) reported.
Numbers for one day and the anomaly explanations: the function's log ("anomaly found" lines) and the digest e-mail. Older history: Athena, view \`getappinfo_daily\`.`;

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
      new cloudwatch.TextWidget({ markdown: DASHBOARD_GUIDE, width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.alarms],
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Snapshots per day',
        left: [
          runMetric(METRIC.snapshotsSucceeded, 'Sum', 'apps written'),
          runMetric(METRIC.snapshotsFailed, 'Sum', 'apps failed'),
        ],
        leftYAxis: { min: 0, label: 'apps', showUnits: false },
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'getappinfo calls',
        left: [runMetric(METRIC.apiLatency, 'Maximum', 'slowest call (ms)')],
        right: [runMetric(METRIC.apiAttempts, 'Maximum', 'most attempts for an app')],
        leftYAxis: { min: 0, label: 'ms', showUnits: false },
        rightYAxis: { min: 0, label: 'attempts', showUnits: false },
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Anomalies found per run',
        left: [runMetric(METRIC.anomaliesFound, 'Maximum', 'anomalies')],
        leftYAxis: { min: 0, label: 'anomalies', showUnits: false },
        width: 6,
        height: 6,
      }),
    );
    const graphs = APP_GRAPHS.map(
      ({ metric, title, unit }) =>
        new cloudwatch.GraphWidget({
          title: `${title} — per SDKAppID`,
          left: [
            new cloudwatch.MathExpression({
              expression: appSearch(metric),
              usingMetrics: {},
              period: DAY,
              label: '',
            }),
          ],
          leftYAxis: { min: 0, label: unit, showUnits: false },
          legendPosition: cloudwatch.LegendPosition.BOTTOM,
          width: 12,
          height: 6,
        }),
    );
    for (let i = 0; i < graphs.length; i += 2) this.dashboard.addWidgets(...graphs.slice(i, i + 2));

    this.url = `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }
}
