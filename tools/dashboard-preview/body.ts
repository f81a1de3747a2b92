/**
 * The dashboard as CloudWatch receives it: the `DashboardBody` of the synthesized template's
 * `AWS::CloudWatch::Dashboard`, its CloudFormation references filled in the way a deployment
 * would fill them, parsed into the widget objects of
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

/** A widget's place on the 24-column grid. */
interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A Markdown text widget. */
export interface TextWidget extends Placement {
  readonly type: 'text';
  readonly properties: { readonly markdown: string; readonly background?: 'transparent' | 'solid' };
}

/** An alarm status widget: the alarms' names and states. */
export interface AlarmStatusWidget extends Placement {
  readonly type: 'alarm';
  readonly properties: {
    readonly title?: string;
    /** Alarm ARNs. */
    readonly alarms: readonly string[];
    /** Absent or `default`: alphabetical by name. */
    readonly sortBy?: 'default' | 'stateUpdatedTimestamp' | 'timestamp';
  };
}

/** Per-metric options: the last element of a metric array, or the only one of an expression. */
export interface MetricOptions {
  readonly expression?: string;
  readonly label?: string;
  readonly id?: string;
  readonly stat?: string;
  readonly period?: number;
  readonly yAxis?: 'left' | 'right';
  readonly color?: string;
  readonly visible?: boolean;
}

/** `[namespace, name, dimName, dimValue, …, options?]` or `[{ expression, … }]`. */
export type MetricEntry = readonly (string | MetricOptions)[];

/** One y-axis of a graph (`yAxis.left` or `yAxis.right`). */
export interface YAxisSettings {
  readonly min?: number;
  readonly max?: number;
  readonly label?: string;
  readonly showUnits?: boolean;
}

/** A horizontal line across a graph, at `value` on its axis. */
export interface HorizontalAnnotation {
  readonly value: number;
  readonly label?: string;
  readonly color?: string;
  readonly fill?: 'above' | 'below';
  readonly visible?: boolean;
  readonly yAxis?: 'left' | 'right';
}

/** A graph of metrics and expressions (the properties this dashboard uses). */
export interface MetricWidget extends Placement {
  readonly type: 'metric';
  readonly properties: {
    readonly title?: string;
    readonly view?: string;
    readonly stacked?: boolean;
    readonly metrics: readonly MetricEntry[];
    readonly yAxis?: { readonly left?: YAxisSettings; readonly right?: YAxisSettings };
    readonly legend?: { readonly position?: 'bottom' | 'right' | 'hidden' };
    readonly annotations?: { readonly horizontal?: readonly HorizontalAnnotation[] };
    readonly period?: number;
    readonly stat?: string;
    readonly setPeriodToTimeRange?: boolean;
  };
}

/** A Logs Insights widget: `query` is `SOURCE '<log group>' | <query>`. */
export interface LogWidget extends Placement {
  readonly type: 'log';
  readonly properties: {
    readonly title?: string;
    readonly query: string;
    readonly view?: 'table' | 'timeSeries' | 'bar' | 'pie';
    readonly region?: string;
  };
}

/** The widget types the preview draws. */
export type DashboardWidget = TextWidget | AlarmStatusWidget | MetricWidget | LogWidget;

/** The parsed `DashboardBody`. */
export interface DashboardBody {
  /** The default time range, e.g. `-P30D`. */
  readonly start?: string;
  readonly widgets: readonly DashboardWidget[];
}

/** What the body is read from: a template's resources, as `Template#toJSON()` gives them. */
export interface TemplateJson {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** The dashboard widget types the preview draws; any other type is an error, not a blank box. */
const KNOWN_TYPES = new Set(['text', 'alarm', 'metric', 'log']);

/** What a deployment fills the pseudo parameters with, for the preview: an example account. */
export const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Region': 'ap-southeast-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * The name CloudFormation gives an alarm without `AlarmName`: `<stack>-<logical id>-<random
 * suffix>`; the suffix is only known after a deployment, so it is shown as `…`.
 */
export function generatedAlarmName(stackName: string, logicalId: string): string {
  return `${stackName}-${logicalId}-…`;
}

function resolvePart(part: unknown, template: TemplateJson, stackName: string): string {
  if (typeof part === 'string') return part;
  const ref = part as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (ref.Ref === 'AWS::StackName') return stackName;
  if (typeof ref.Ref === 'string' && ref.Ref.startsWith('AWS::')) {
    return PSEUDO_PARAMETERS[ref.Ref] ?? `{${ref.Ref}}`;
  }
  if (typeof ref.Ref === 'string' && template.Resources[ref.Ref]?.Type === 'AWS::Logs::LogGroup') {
    // A log group without a name gets one at deployment: `<stack>-<logical id>-<suffix>`.
    const named = template.Resources[ref.Ref]?.Properties?.LogGroupName;
    return typeof named === 'string' ? named : `${stackName}-${ref.Ref}-…`;
  }
  const getAtt = ref['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn') {
    const id = String(getAtt[0]);
    const alarm = template.Resources[id];
    if (alarm?.Type === 'AWS::CloudWatch::Alarm') {
      const named = alarm.Properties?.AlarmName;
      const name = typeof named === 'string' ? named : generatedAlarmName(stackName, id);
      return `arn:aws:cloudwatch:{AWS::Region}:{AWS::AccountId}:alarm:${name}`;
    }
  }
  throw new Error(
    `the dashboard body refers to ${JSON.stringify(part)}, which the preview cannot fill in`,
  );
}

function onlyDashboard(template: TemplateJson): [string, TemplateJson['Resources'][string]] {
  const dashboards = Object.entries(template.Resources).filter(
    ([, r]) => r.Type === 'AWS::CloudWatch::Dashboard',
  );
  const [dashboard] = dashboards;
  if (dashboard === undefined || dashboards.length > 1) {
    throw new Error(`expected one AWS::CloudWatch::Dashboard, found ${dashboards.length}`);
  }
  return dashboard;
}

/**
 * The dashboard's name: its `DashboardName` with the pseudo parameters filled in (the example
 * region), or, without one, the name CloudFormation gives it (`<logical id>-<suffix>`, as `…`).
 */
export function dashboardNameOf(template: TemplateJson, stackName = ''): string {
  const [id, dashboard] = onlyDashboard(template);
  const named = dashboard.Properties?.DashboardName;
  if (typeof named === 'string') return named;
  const join = (named as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (join) return join[1].map((part) => resolvePart(part, template, stackName)).join(join[0]);
  return `${id}-…`;
}

/**
 * The body of the template's only dashboard, parsed, with pseudo parameters as `{AWS::Region}`
 * and alarm ARNs ending in the name CloudFormation would give the alarm.
 * @throws Error when there is not exactly one dashboard, or a widget type the preview cannot draw.
 */
export function dashboardBodyOf(template: TemplateJson, stackName: string): DashboardBody {
  const [, dashboard] = onlyDashboard(template);
  const raw = dashboard.Properties?.DashboardBody;
  const join = (raw as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join'];
  const text =
    typeof raw === 'string'
      ? raw
      : (join?.[1] ?? []).map((part) => resolvePart(part, template, stackName)).join(join?.[0]);
  const body = JSON.parse(text) as DashboardBody;
  for (const widget of body.widgets) {
    if (!KNOWN_TYPES.has(widget.type)) {
      throw new Error(`the preview cannot draw a "${widget.type}" widget yet`);
    }
  }
  return body;
}

/** A widget's title as the console shows it; a text widget has none. */
export function widgetTitle(widget: DashboardWidget): string | undefined {
  return widget.type === 'text' ? undefined : widget.properties.title;
}
