/**
 * Prices a synthesized template: every resource it holds is either billed (a line with its unit
 * prices, their sources and a monthly amount for a number of apps and a year of operation) or
 * named free with the reason. A resource type it does not know fails, so a new billable resource
 * cannot slip past the cost table. Usage that is not in the template (runs a month, bytes a run)
 * is stated here, measured where it can be.
 */
import {
  APP_METRICS_LEVELS,
  type AppMetricsLevel,
  appMetricNames,
  METRIC,
} from '../../functions/core/metric-names.js';
import { INSTANCE_HOUR, NO_CHARGE, PRICES, type Price } from './prices.js';

/** How much is run: apps in the secret, and which year of operation (storage grows, keys rotate). */
export interface Usage {
  readonly apps: number;
  readonly year: 1 | 2 | 3;
}

/** A billed part of the stack. */
export interface CostLine {
  /** What it is, naming the template's resources. */
  readonly item: string;
  readonly prices: readonly Price[];
  /** The usage the amount assumes, for people. */
  readonly usage: string;
  /** US dollars a month. */
  readonly monthly: (usage: Usage) => number;
  /** Not counted in the total (the dashboard: free as one of an account's first three). */
  readonly asideFromTotal?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped JSON.
type Resource = { readonly Type: string; readonly Properties?: any };
export interface TemplateJson {
  readonly Resources: Readonly<Record<string, Resource>>;
}

/** One run a day. */
export const RUNS_PER_MONTH = 365.25 / 12;
export const HOURS_PER_MONTH = 730;
const GB = 1024 ** 3;

/**
 * What one app adds to the snapshot bucket a day: the raw body (22.9 KB) and the typed rows
 * (28.5 KB) of the simulator's demo app (README, "What lands in S3").
 */
export const SNAPSHOT_BYTES_PER_APP_RUN = 51_400;

/**
 * What one app's run does in the bucket: PUTs the raw body and the rows, then GETs and PUTs the
 * month objects its 30 days fall in (two months, mostly), as functions/months/month-writer.ts does.
 */
export const PUTS_PER_APP_RUN = 4;
export const GETS_PER_APP_RUN = 2;
/**
 * The month layer of one app: ~30 KB kept a month, and the replaced versions of its month objects
 * (rewritten every run, kept 30 days by the bucket's noncurrent-version rule), ~1.3 MB at any time
 * (docs/design.md, "The month layer"; 949 bytes per app-day in docs/benchmark.md).
 */
const MONTH_BYTES_PER_APP_MONTH = 30_000;
const NONCURRENT_MONTH_BYTES_PER_APP = 1_300_000;

/**
 * Log bytes of one run, JSON lines and EMF, measured with `npx tsx bench/log-volume.ts`
 * (2026-12-01, Node 24, the bundle against the local simulator; the 14 recent days of EMF every run
 * sends). Between 1 and 50 apps it grows linearly.
 */
export const LOG_BYTES_PER_RUN: Readonly<Record<AppMetricsLevel, { one: number; fifty: number }>> =
  {
    all: { one: 9_000, fifty: 397_281 },
    key: { one: 5_456, fifty: 220_339 },
    none: { one: 1_954, fifty: 45_232 },
  };
/** Lambda's own START, END and REPORT lines of an invocation. */
const PLATFORM_LOG_BYTES = 600;

/** Assumed run time in Lambda: ~3 s for one app, and 50 apps ÷ 8 at once × ~300 ms plus CPU. */
const runSeconds = (apps: number) => 3 + ((apps - 1) * 5) / 49;

/** An S3 server access log record is ~400 bytes; one per request to the snapshot bucket. */
const ACCESS_LOG_RECORD_BYTES = 400;
/** Flow log records a run leaves (AWS APIs, Tencent, webhooks): ~150 bytes each, gzipped. */
const flowLogBytesPerRun = (apps: number) => 150 * (6 + 2 * apps);
/** What crosses the NAT a run: each app's getappinfo answer and request, the AWS API calls. */
const natBytesPerRun = (apps: number) => 26_000 * apps + 20_000;
/** Alarm notifications in a month: a handful (each alarm, its OK). */
const ALARM_MESSAGES_PER_MONTH = 10;

/** Of a year's months (1–12, 13–24, 25–36), the middle one: what an average month holds. */
const monthsStored = (year: Usage['year']) => 12 * (year - 1) + 6.5;
const logBytes = (level: AppMetricsLevel, apps: number) => {
  const { one, fifty } = LOG_BYTES_PER_RUN[level];
  return one + ((fifty - one) * (apps - 1)) / 49 + PLATFORM_LOG_BYTES;
};

/** Resource types that cost nothing by themselves, and why. */
export const FREE: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'IAM is free',
  'AWS::IAM::Policy': 'IAM is free',
  'AWS::IAM::ManagedPolicy': 'IAM is free',
  'AWS::IAM::InstanceProfile': 'IAM is free',
  'AWS::S3::BucketPolicy': 'a bucket setting',
  'AWS::SNS::TopicPolicy': 'a topic setting',
  'AWS::SNS::Subscription': 'priced with its topic (the e-mails)',
  'AWS::SQS::QueuePolicy': 'a queue setting',
  'AWS::Lambda::EventInvokeConfig': 'a function setting',
  'AWS::Lambda::Permission': 'a function setting',
  'AWS::Glue::Database': `no charge: Glue stores the first million catalog objects free (${NO_CHARGE.glue})`,
  'AWS::Glue::Table': `no charge: Glue stores the first million catalog objects free (${NO_CHARGE.glue})`,
  'AWS::Athena::NamedQuery': 'a saved query; running it is priced with the workgroup',
  'AWS::Chatbot::SlackChannelConfiguration': `no charge (${NO_CHARGE.chatbot}); the alarm topic's few deliveries are in its line`,
  'AWS::Chatbot::MicrosoftTeamsChannelConfiguration': `no charge (${NO_CHARGE.chatbot})`,
  'AWS::EC2::VPC': 'a VPC is free',
  'AWS::EC2::Subnet': 'free',
  'AWS::EC2::RouteTable': 'free',
  'AWS::EC2::SubnetRouteTableAssociation': 'free',
  'AWS::EC2::Route': 'free',
  'AWS::EC2::InternetGateway': 'free (the NAT line has the traffic)',
  'AWS::EC2::VPCGatewayAttachment': 'free',
  'AWS::EC2::SecurityGroup': 'free',
  'AWS::EC2::SecurityGroupIngress': 'free',
  'AWS::EC2::SecurityGroupEgress': 'free',
  'AWS::EC2::VPCEndpoint': 'an S3 gateway endpoint is free',
  'Custom::VpcRestrictDefaultSG': "CDK's custom resource: runs only at deploy",
  'AWS::CDK::Metadata': 'CDK metadata',
};

const money = (usd: number) => usd;
const ids = (list: readonly string[]) =>
  list.map((id) => `\`${id.replace(/[0-9A-F]{8}$/, '')}\``).join(', ');

interface Context {
  readonly template: TemplateJson;
  /** The snapshot function's APP_METRICS; `all` without one (no function: no metrics). */
  readonly appMetrics: AppMetricsLevel;
}

type Pricer = (resources: readonly [string, Resource][], context: Context) => CostLine[];

/** The function's APP_METRICS, as the template sets it. */
function appMetricsOf(template: TemplateJson): AppMetricsLevel {
  for (const resource of Object.values(template.Resources)) {
    const level = resource.Properties?.Environment?.Variables?.APP_METRICS;
    if ((APP_METRICS_LEVELS as readonly unknown[]).includes(level)) return level as AppMetricsLevel;
  }
  return 'all';
}

const snapshotFunction = (resources: readonly [string, Resource][]) =>
  resources.find(([, r]) => r.Properties?.Environment?.Variables?.APP_METRICS !== undefined);

const PRICERS: Readonly<Record<string, Pricer>> = {
  'AWS::SecretsManager::Secret': (resources) => [
    {
      item: `Secrets Manager secret ${ids(resources.map(([id]) => id))}`,
      prices: [PRICES.secret, PRICES.secretCalls],
      usage: `${resources.length} secret, one GetSecretValue a run`,
      monthly: () =>
        money(
          resources.length * PRICES.secret.usd + (RUNS_PER_MONTH / 10_000) * PRICES.secretCalls.usd,
        ),
    },
  ],

  'AWS::KMS::Key': (resources) =>
    resources.map(([id, key]) => {
      const rotates = key.Properties?.EnableKeyRotation === true;
      return {
        item: `KMS key ${ids([id])}${rotates ? ', rotated yearly' : ''}`,
        prices: [PRICES.kmsKey, ...(rotates ? [PRICES.kmsRotation] : []), PRICES.kmsRequests],
        usage: 'the topics’ encryption: ~60 requests a month',
        monthly: ({ year }: Usage) =>
          PRICES.kmsKey.usd +
          (rotates ? Math.min(year - 1, 2) * PRICES.kmsRotation.usd : 0) +
          (60 / 10_000) * PRICES.kmsRequests.usd,
      };
    }),

  'AWS::CloudWatch::Alarm': (resources) => {
    const metrics = resources.reduce(
      (n, [, alarm]) => n + (alarm.Properties?.Metrics?.length ?? 1),
      0,
    );
    return [
      {
        item: `${resources.length} CloudWatch alarms`,
        prices: [PRICES.alarm],
        usage: `${metrics} alarm metrics`,
        monthly: () => metrics * PRICES.alarm.usd,
      },
    ];
  },

  'AWS::CloudWatch::Dashboard': (resources) => [
    {
      item: 'CloudWatch dashboard',
      prices: [PRICES.dashboard],
      usage: `${resources.length} dashboard`,
      monthly: () => resources.length * PRICES.dashboard.usd,
      asideFromTotal:
        "free as one of an account's first three dashboards (up to 50 metrics each; CloudWatch's always-free allowance), which one app's dashboard fits; 50 apps' per-app graphs hold more metrics than that",
    },
  ],

  'AWS::Lambda::Function': (resources, { appMetrics }) => {
    const fn = snapshotFunction(resources);
    if (fn === undefined) {
      // CDK's custom-resource handlers run at deploy only.
      return [];
    }
    const memoryGb = (fn[1].Properties?.MemorySize ?? 128) / 1024;
    const perApp = appMetricNames(appMetrics).length;
    const runMetrics = Object.keys(METRIC).length;
    const hoursShare = RUNS_PER_MONTH / HOURS_PER_MONTH;
    return [
      {
        item: `Lambda function ${ids([fn[0]])} (${fn[1].Properties?.MemorySize} MB, arm64)`,
        prices: [PRICES.lambdaArmSecond, PRICES.lambdaRequests],
        usage: 'one run a day: ~3 s for one app, ~8 s for 50',
        monthly: ({ apps }) =>
          RUNS_PER_MONTH *
          (runSeconds(apps) * memoryGb * PRICES.lambdaArmSecond.usd +
            PRICES.lambdaRequests.usd / 1e6),
      },
      {
        item: `CloudWatch custom metrics (EMF from the function; \`APP_METRICS\` ${appMetrics})`,
        prices: [PRICES.metric],
        usage: `${runMetrics} run metrics + ${perApp} per app, each with data in one hour a day (${(hoursShare * 100).toFixed(1)} % of a month)`,
        monthly: ({ apps }) => (runMetrics + perApp * apps) * hoursShare * PRICES.metric.usd,
      },
    ];
  },

  'AWS::Logs::LogGroup': (resources, { appMetrics }) =>
    resources.map(([id, group]) => {
      const days = group.Properties?.RetentionInDays ?? 3653;
      const monthGb = (apps: number) => (logBytes(appMetrics, apps) * RUNS_PER_MONTH) / GB;
      return {
        item: `CloudWatch Logs ${ids([id])} (kept ${days} days)`,
        prices: [PRICES.logIngest, PRICES.logStore],
        usage: 'one run a day: ~9 KB for one app, ~400 KB for 50 (bench/log-volume.ts)',
        monthly: ({ apps }: Usage) =>
          monthGb(apps) * PRICES.logIngest.usd +
          monthGb(apps) * Math.min(days / 30.4, 12) * PRICES.logStore.usd,
      };
    }),

  'AWS::S3::Bucket': (resources) =>
    resources.map(([id, bucket]) => {
      const expiry = bucket.Properties?.LifecycleConfiguration?.Rules?.find(
        (rule: { ExpirationInDays?: number }) => rule.ExpirationInDays !== undefined,
      )?.ExpirationInDays as number | undefined;
      if (/AccessLogs/.test(id)) {
        const keptMonths = Math.min((expiry ?? 365) / 30.4, 12);
        return {
          item: `S3 access-log bucket ${ids([id])}`,
          prices: [PRICES.s3Storage],
          usage: `a ~400-byte record per request to the snapshot bucket, kept ${expiry ?? 'forever'} days`,
          monthly: ({ apps, year }: Usage) =>
            ((PUTS_PER_APP_RUN *
              apps *
              RUNS_PER_MONTH *
              ACCESS_LOG_RECORD_BYTES *
              Math.min(monthsStored(year), keptMonths)) /
              GB) *
            PRICES.s3Storage.usd,
        };
      }
      if (/Results/.test(id)) {
        return {
          item: `S3 Athena results bucket ${ids([id])} (results kept ${expiry ?? '–'} days)`,
          prices: [PRICES.s3Storage],
          usage: 'only the results of your queries',
          monthly: () => 0,
        };
      }
      return {
        item: `S3 snapshot bucket ${ids([id])}`,
        prices: [PRICES.s3Storage, PRICES.s3Puts, PRICES.s3Gets],
        usage: `~51 KB of snapshots per app a day, kept, and its month layer; ${PUTS_PER_APP_RUN} PUTs and ${GETS_PER_APP_RUN} GETs per app a run`,
        monthly: ({ apps, year }: Usage) =>
          ((apps *
            ((SNAPSHOT_BYTES_PER_APP_RUN * RUNS_PER_MONTH + MONTH_BYTES_PER_APP_MONTH) *
              monthsStored(year) +
              NONCURRENT_MONTH_BYTES_PER_APP)) /
            GB) *
            PRICES.s3Storage.usd +
          ((PUTS_PER_APP_RUN * apps * RUNS_PER_MONTH) / 1000) * PRICES.s3Puts.usd +
          ((GETS_PER_APP_RUN * apps * RUNS_PER_MONTH) / 1000) * PRICES.s3Gets.usd,
      };
    }),

  'AWS::SNS::Topic': (resources, { template }) =>
    resources.map(([id, topic]) => {
      const digest = /digest/i.test(String(topic.Properties?.DisplayName));
      const emails = Object.values(template.Resources).filter(
        (r) =>
          r.Type === 'AWS::SNS::Subscription' &&
          r.Properties?.Protocol === 'email' &&
          r.Properties?.TopicArn?.Ref === id,
      ).length;
      const messages = digest ? RUNS_PER_MONTH : ALARM_MESSAGES_PER_MONTH;
      return {
        item: `SNS topic ${ids([id])}${digest ? ' (the digest e-mail)' : ' (alarms)'}${emails > 0 ? ' and its e-mail subscription' : ''}`,
        prices: [PRICES.snsPublishes, PRICES.snsEmails],
        usage: digest ? 'one e-mail a day' : 'a few alarm messages a month',
        monthly: () =>
          (messages / 1e6) * PRICES.snsPublishes.usd +
          ((messages * emails) / 100_000) * PRICES.snsEmails.usd,
      };
    }),

  'AWS::SQS::Queue': (resources) => [
    {
      item: `SQS dead-letter queue ${ids(resources.map(([id]) => id))}`,
      prices: [PRICES.sqsRequests],
      usage: 'empty unless the schedule fails',
      monthly: () => 0,
    },
  ],

  'AWS::Scheduler::Schedule': (resources) => [
    {
      item: `EventBridge Scheduler schedule ${ids(resources.map(([id]) => id))}`,
      prices: [PRICES.scheduler],
      usage: 'one invocation a day',
      monthly: () => (RUNS_PER_MONTH / 1e6) * PRICES.scheduler.usd,
    },
  ],

  'AWS::Athena::WorkGroup': (resources) => [
    {
      item: `Athena workgroup ${ids(resources.map(([id]) => id))}`,
      prices: [PRICES.athenaScanned],
      usage: 'per query: a year of one app’s rows is under the 10 MB minimum, $0.00005',
      monthly: () => 0,
    },
  ],

  'AWS::EC2::EIP': (resources) => [
    {
      item: `Elastic IP ${ids(resources.map(([id]) => id))} (the fixed egress address)`,
      prices: [PRICES.publicIpv4Hour],
      usage: 'every hour of the month',
      monthly: () => resources.length * HOURS_PER_MONTH * PRICES.publicIpv4Hour.usd,
    },
  ],

  'AWS::EC2::NatGateway': (resources) => [
    {
      item: `NAT gateway ${ids(resources.map(([id]) => id))}`,
      prices: [PRICES.natGatewayHour, PRICES.natGatewayData],
      usage: 'every hour; ~26 KB per app a run through it (S3 bypasses it)',
      monthly: ({ apps }) =>
        resources.length * HOURS_PER_MONTH * PRICES.natGatewayHour.usd +
        ((natBytesPerRun(apps) * RUNS_PER_MONTH) / GB) * PRICES.natGatewayData.usd,
    },
  ],

  'AWS::EC2::Instance': (resources) =>
    resources.map(([id, instance]) => {
      const type = String(instance.Properties?.InstanceType);
      const hour = INSTANCE_HOUR[type];
      if (hour === undefined) {
        throw new Error(
          `no price for instance type ${type} (${id}): add it to tools/docs/prices.ts`,
        );
      }
      // Without a size, the volume is the AMI's: Amazon Linux 2023's is 8 GiB.
      const gib =
        (instance.Properties?.BlockDeviceMappings ?? []).reduce(
          (n: number, m: { Ebs?: { VolumeSize?: number } }) => n + (m.Ebs?.VolumeSize ?? 8),
          0,
        ) || 8;
      return {
        item: `NAT instance ${ids([id])} (${type}) and its ${gib} GiB gp3 root volume`,
        prices: [hour, PRICES.ebsGp3],
        usage: 'every hour of the month',
        monthly: () => HOURS_PER_MONTH * hour.usd + gib * PRICES.ebsGp3.usd,
      };
    }),

  'AWS::EC2::FlowLog': (resources) => [
    {
      item: `VPC flow logs ${ids(resources.map(([id]) => id))} to the access-log bucket`,
      prices: [PRICES.vendedToS3, PRICES.s3Storage],
      usage: 'a few dozen records a run, kept 365 days',
      monthly: ({ apps, year }) => {
        const gb = (flowLogBytesPerRun(apps) * RUNS_PER_MONTH) / GB;
        return (
          gb * PRICES.vendedToS3.usd + gb * Math.min(monthsStored(year), 12) * PRICES.s3Storage.usd
        );
      },
    },
  ],
};

/**
 * The cost lines of a synthesized template, in the order of the template's first resource of
 * each billed type.
 * @throws Error naming a resource type that is neither priced nor known to be free.
 */
export function priceTemplate(template: TemplateJson): CostLine[] {
  const byType = new Map<string, [string, Resource][]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    byType.set(resource.Type, [...(byType.get(resource.Type) ?? []), [id, resource]]);
  }
  const context: Context = { template, appMetrics: appMetricsOf(template) };
  return [...byType].flatMap(([type, resources]) => {
    const pricer = PRICERS[type];
    if (pricer !== undefined) return pricer(resources, context);
    if (FREE[type] !== undefined) return [];
    throw new Error(
      `the cost table does not know ${type} (${resources.map(([id]) => id).join(', ')}): price it in tools/docs/cost-model.ts, or list it as free with the reason`,
    );
  });
}

/** The monthly total of `lines` for `usage`, the lines set aside left out. */
export function monthlyTotal(lines: readonly CostLine[], usage: Usage): number {
  return lines
    .filter((l) => l.asideFromTotal === undefined)
    .reduce((sum, l) => sum + l.monthly(usage), 0);
}
