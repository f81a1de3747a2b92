/** The stack's side of the ops signals: the dashboard, the digest topic and the rule settings. */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_METRIC } from '../../../functions/core/metric-names.js';
import { DEFAULT_RULES, parseRuleSettings } from '../../../functions/digest/anomaly-rules.js';
import { resource, roleStatements, type Synthesized, synth } from '../../../tools/harness/synth.js';

let plain: Synthesized;
let withDigest: Synthesized;

beforeAll(() => {
  plain = synth();
  withDigest = synth({
    'chat-opsdata:digestEmail': 'ops@example.com',
    'chat-opsdata:anomalyRules': { dau_drop: { threshold: 0.6 }, data_late: { enabled: false } },
  });
});

const env = (s: Synthesized) =>
  resource(s.template, s.idOf(s.stack.fn)).Properties.Environment.Variables as Record<
    string,
    unknown
  >;
const statements = (s: Synthesized) =>
  roleStatements(s.template, s.idOf(s.stack.snapshotFunction.role));

interface Widget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

/** The dashboard body as JSON, CloudFormation references written as `<LogicalId>`. */
function dashboard(s: Synthesized): { start: string; widgets: Widget[] } {
  const body = Object.values(s.template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties
    .DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = part as { Ref?: string; 'Fn::GetAtt'?: string[] };
      return `<${ref.Ref ?? ref['Fn::GetAtt']?.join('.')}>`;
    })
    .join('');
  return JSON.parse(text);
}

describe('dashboard', () => {
  it('opens on 30 days with a guide, the four alarms and the run health on top', () => {
    const { start, widgets } = dashboard(plain);
    expect(start).toBe('-P30D');
    expect(widgets[0]).toMatchObject({ type: 'text', x: 0, y: 0, width: 24 });
    expect(String(widgets[0]?.properties.markdown)).toMatch(/^## chat-opsdata/);
    const alarms = widgets.find((w) => w.type === 'alarm');
    const { dayIncomplete, deadLetters, silence, anomalies } = plain.stack.alarms;
    expect(alarms?.properties.alarms).toEqual(
      [dayIncomplete, deadLetters, silence, anomalies].map((a) => `<${plain.idOf(a)}.Arn>`),
    );
    const runMetrics = widgets
      .filter((w) => w.y === alarms?.y && w.type === 'metric')
      .flatMap((w) => w.properties.metrics as unknown[][])
      .map((m) => `${m[0]}/${m[1]}`);
    expect(runMetrics).toEqual([
      'ChatOpsdata/SnapshotsSucceeded',
      'ChatOpsdata/AppsNotWritten',
      'ChatOpsdata/ApiLatency',
      'ChatOpsdata/ApiAttempts',
      'ChatOpsdata/AnomaliesFound',
    ]);
  });

  it('has one daily Maximum graph per app figure the function emits: the ten top apps of a SEARCH on SdkAppId', () => {
    const expressions = dashboard(plain)
      .widgets.filter((w) => w.type === 'metric')
      .flatMap((w) => w.properties.metrics as [{ expression?: string; period?: number }][])
      .map(([m]) => m)
      .filter((m) => m.expression !== undefined);
    // In layout order (same units side by side), so compared as a set.
    expect(expressions.map((m) => m.expression).sort()).toEqual(
      Object.values(APP_METRIC)
        .map((name) => {
          const search = `SEARCH('{ChatOpsdata/Apps,SdkAppId} MetricName="${name}"', 'Maximum', 86400)`;
          // The largest ten; for the callback rate, where low is bad, the lowest ten.
          return name === APP_METRIC.callback_success_rate
            ? `SORT(${search}, MIN, ASC, 10)`
            : `SORT(${search}, MAX, DESC, 10)`;
        })
        .sort(),
    );
    expect(expressions.every((m) => m.period === 86400)).toBe(true);
  });

  it("names each app's line by its SdkAppId and draws the callback_failures threshold on the callback graph", () => {
    const perApp = dashboard(plain).widgets.filter(
      (w) => w.type === 'metric' && JSON.stringify(w.properties.metrics).includes('SEARCH('),
    );
    expect(perApp).toHaveLength(Object.keys(APP_METRIC).length);
    for (const w of perApp) {
      const [search] = (w.properties.metrics as [{ label?: string }][])[0] ?? [];
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudWatch's dynamic label syntax.
      expect(search?.label).toBe("${PROP('Dim.SdkAppId')}");
    }
    const callback = perApp.find((w) =>
      JSON.stringify(w.properties.metrics).includes(APP_METRIC.callback_success_rate),
    );
    expect(callback?.properties.annotations).toEqual({
      horizontal: [
        expect.objectContaining({ value: DEFAULT_RULES.callback_failures.threshold * 100 }),
      ],
    });
    expect(callback?.properties.yAxis).toMatchObject({ left: { max: 100 } });
  });

  it('lays the widgets out on the 24-column grid without overlaps', () => {
    const { widgets } = dashboard(plain);
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
    expect(widgets).toHaveLength(1 + 4 + 1 + 6);
  });

  it('is named after the stack and its region, a name stable across deployments', () => {
    const [dashboard] = Object.values(plain.template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard?.Properties.DashboardName).toEqual({
      'Fn::Join': ['', [{ Ref: 'AWS::StackName' }, '-', { Ref: 'AWS::Region' }]],
    });
  });

  it("lists every app by name in a table from the function's log, trouble first", () => {
    const table = dashboard(plain).widgets.find((w) => w.type === 'log');
    expect(table).toMatchObject({ x: 0, width: 24 });
    const logGroup = plain.idOf(plain.stack.snapshotFunction.logGroup);
    const query = String(table?.properties.query);
    expect(query.startsWith(`SOURCE '<${logGroup}>' | filter message = "snapshot written"`)).toBe(
      true,
    );
    expect(query).toContain('latest(appName) as app');
    expect(query).toContain('by sdkAppId');
    expect(query).toContain('sort anomalies desc');
    expect(table?.properties.view).toBe('table');
  });

  it('says on the dashboard what its first two weeks look like, and where the names are', () => {
    const guide = String(dashboard(plain).widgets[0]?.properties.markdown);
    expect(guide).toContain('**The first two weeks:**');
    expect(guide).toContain('*Silence* is in ALARM until the first run succeeds');
    expect(guide).toContain("each app's last 14 days");
    expect(guide).toContain('the table says which app an id is');
  });
});

describe.each([
  ['key', ['ActiveUsers', 'MessagesUp']],
  ['none', []],
] as const)('dashboard with chat-opsdata:appMetrics %s', (level, graphed) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ 'chat-opsdata:appMetrics': level });
  });

  it('graphs exactly the per-app figures the function sends, and tells the function the level', () => {
    const searched = dashboard(s)
      .widgets.flatMap(
        (w) => (w.properties.metrics as [{ expression?: string }][] | undefined) ?? [],
      )
      .map(([m]) => /MetricName="(\w+)"/.exec(m.expression ?? '')?.[1])
      .filter((name) => name !== undefined);
    expect(searched).toEqual(graphed);
    expect(env(s).APP_METRICS).toBe(level);
  });

  it('says in its guide what the per-app row shows', () => {
    const guide = String(dashboard(s).widgets[0]?.properties.markdown);
    expect(guide).toContain(`\`chat-opsdata:appMetrics\` is \`${level}\``);
  });
});

describe('dashboard switched off', () => {
  it('creates no dashboard and no DashboardUrl with chat-opsdata:dashboard=false (as -c passes it)', () => {
    const off = synth({ 'chat-opsdata:dashboard': 'false' });
    off.template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(off.template.toJSON().Outputs.DashboardUrl).toBeUndefined();
    off.template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });
});

describe('digest e-mail', () => {
  it('is off by default: no digest topic, no sns:Publish, no DIGEST_TOPIC_ARN', () => {
    plain.template.resourceCountIs('AWS::SNS::Topic', 1);
    expect(statements(plain).map((st) => st.Sid)).not.toContain('PublishDigest');
    expect(env(plain).DIGEST_TOPIC_ARN).toBeUndefined();
    expect(plain.template.toJSON().Outputs.DigestTopicArn).toBeUndefined();
  });

  it('creates a TLS-only topic, without a key by default (test/infra/constructs/topic-key.test.ts), and subscribes the address', () => {
    const topic = withDigest.stack.digestTopic?.topic;
    expect(topic).toBeDefined();
    const topicId = withDigest.idOf(topic as never);
    expect(resource(withDigest.template, topicId).Properties.KmsMasterKeyId).toBeUndefined();
    withDigest.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId },
    });
    withDigest.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
    expect(withDigest.template.toJSON().Outputs.DigestTopicArn.Value).toEqual({ Ref: topicId });
  });

  it('lets the function publish to that topic only, beside DIGEST_TOPIC_ARN', () => {
    const topicId = withDigest.idOf(withDigest.stack.digestTopic?.topic as never);
    const bySid = Object.fromEntries(statements(withDigest).map((st) => [st.Sid, st]));
    expect(bySid.PublishDigest).toEqual({
      Sid: 'PublishDigest',
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: { Ref: topicId },
    });
    expect(env(withDigest).DIGEST_TOPIC_ARN).toEqual({ Ref: topicId });
  });
});

describe('anomaly rules', () => {
  it('leaves ANOMALY_RULES unset with the defaults', () => {
    expect(env(plain).ANOMALY_RULES).toBeUndefined();
  });

  it('passes changed rules to the function as ANOMALY_RULES, which the function reads back the same', () => {
    const passed = parseRuleSettings(env(withDigest).ANOMALY_RULES as string);
    expect(passed).toEqual({
      ...DEFAULT_RULES,
      dau_drop: { ...DEFAULT_RULES.dau_drop, threshold: 0.6 },
      data_late: { enabled: false },
    });
  });
});
