/**
 * docs/deploy.md's cost tables, made from the synthesized template (`npm run docs -- cost`): the
 * default stack line by line for 1 and 50 apps in years 1, 2 and 3+, and what each choice of
 * `cdk.json` adds, each priced from its own synthesized template.
 */
import { type AppMetricsLevel, appMetricNames } from '../../functions/core/metric-names.js';
import { synth } from '../harness/synth.js';
import {
  type CostLine,
  HOURS_PER_MONTH,
  monthlyTotal,
  priceTemplate,
  RUNS_PER_MONTH,
  SNAPSHOT_BYTES_PER_APP_RUN,
  type TemplateJson,
  type Usage,
} from './cost-model.js';
import type { GeneratedBlock } from './generated-block.js';
import { PRICES, PRICES_READ_ON, PRICES_REGION, type Price } from './prices.js';

const YEARS = [1, 2, 3] as const;
const APPS = [1, 50] as const;
const USAGES: Usage[] = APPS.flatMap((apps) => YEARS.map((year) => ({ apps, year })));

/** `$0.40`, `$0.0003`, `< $0.0001`, `$0`: cents where it matters, the first digit of what is smaller. */
export function dollars(usd: number): string {
  const sign = usd < 0 ? '−' : '';
  const size = Math.abs(usd);
  if (size === 0) return '$0';
  if (size >= 0.01) return `${sign}$${size.toFixed(2)}`;
  if (size < 0.0001) return `${sign}< $0.0001`;
  return `${sign}$${Number(size.toPrecision(1))}`;
}

/** A unit price as AWS writes it: `$0.40`, `$0.023`, `$0.0000133334`. */
export function unitDollars(usd: number): string {
  const decimals = (String(usd).split('.')[1] ?? '').length;
  return `$${usd.toFixed(Math.max(2, decimals))}`;
}

const signed = (usd: number) => (usd > 0 ? `+${dollars(usd)}` : dollars(usd));

const SOURCE_NAMES: Readonly<Record<string, string>> = {
  'https://aws.amazon.com/secrets-manager/pricing/': 'Secrets Manager',
  'https://aws.amazon.com/kms/pricing/': 'KMS',
  'https://aws.amazon.com/cloudwatch/pricing/': 'CloudWatch',
  'https://aws.amazon.com/lambda/pricing/': 'Lambda',
  'https://aws.amazon.com/s3/pricing/': 'S3',
  'https://aws.amazon.com/eventbridge/pricing/': 'EventBridge',
  'https://aws.amazon.com/sns/pricing/': 'SNS',
  'https://aws.amazon.com/sqs/pricing/': 'SQS',
  'https://aws.amazon.com/athena/pricing/': 'Athena',
  'https://aws.amazon.com/vpc/pricing/': 'VPC',
  'https://aws.amazon.com/ebs/pricing/': 'EBS',
  'https://aws.amazon.com/ec2/pricing/on-demand/': 'EC2',
};

function unitPrices(prices: readonly Price[]): string {
  return prices.map((p) => `${unitDollars(p.usd)} per ${p.per}`).join('; ');
}

function sources(prices: readonly Price[]): string {
  return [...new Set(prices.map((p) => p.source))]
    .map((url) => `[${SOURCE_NAMES[url] ?? url}](${url})`)
    .join(', ');
}

/** The cells of a line (or a total) for every usage: 1 app years 1–3, then 50 apps years 1–3. */
const cells = (monthly: (usage: Usage) => number, format = dollars) =>
  USAGES.map((u) => format(monthly(u)));

function lineTable(lines: readonly CostLine[]): string[] {
  // The biggest first: for one app, then for 50.
  const first: Usage = { apps: 1, year: 1 };
  const fifty: Usage = { apps: 50, year: 1 };
  const counted = lines
    .filter((l) => l.asideFromTotal === undefined)
    .sort((a, b) => b.monthly(first) - a.monthly(first) || b.monthly(fifty) - a.monthly(fifty));
  const aside = lines.filter((l) => l.asideFromTotal !== undefined);
  const bold = (text: string) => `**${text}**`;
  const total = (usage: Usage) => monthlyTotal(lines, usage);
  const withAside = (usage: Usage) =>
    total(usage) + aside.reduce((s, l) => s + l.monthly(usage), 0);
  return [
    '| Billed part (from the template) | Usage | Unit price | 1 app, year 1 | year 2 | year 3+ | 50 apps, year 1 | year 2 | year 3+ | Source |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...counted.map(
      (l) =>
        `| ${l.item} | ${l.usage} | ${unitPrices(l.prices)} | ${cells(l.monthly).join(' | ')} | ${sources(l.prices)} |`,
    ),
    `| ${bold('Total a month')} | | | ${cells(total, (v) => bold(dollars(v))).join(' | ')} | |`,
    ...aside.map(
      (l) =>
        `| ${l.item}, not in the total: ${l.asideFromTotal} | ${l.usage} | ${unitPrices(l.prices)} | ${cells(l.monthly).join(' | ')} | ${sources(l.prices)} |`,
    ),
    ...(aside.length > 0
      ? [
          `| ${bold('Total with the dashboard billed')} | | | ${cells(withAside, (v) => bold(dollars(v))).join(' | ')} | |`,
        ]
      : []),
  ];
}

/** A choice of cdk.json and the context that makes it. */
interface Choice {
  readonly choice: string;
  readonly context: Record<string, unknown>;
  readonly note: string;
}

const CHOICES: readonly Choice[] = [
  {
    choice: '`topicKey: "create"`',
    context: { 'chat-opsdata:topicKey': 'create' },
    note: "today's customer managed key, rotated yearly: $1, +$1 after each of its first two rotations",
  },
  {
    choice: '`topicKey: "<key ARN>"`',
    context: {
      'chat-opsdata:topicKey':
        'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
    note: "no key of the stack's: the existing key is billed to its owner, whatever uses it",
  },
  {
    choice: '`appMetrics: "key"`',
    context: { 'chat-opsdata:appMetrics': 'key' },
    note: `${appMetricNames('key').length} metrics per app instead of ${appMetricNames('all').length}: active users and messages up`,
  },
  {
    choice: '`appMetrics: "none"`',
    context: { 'chat-opsdata:appMetrics': 'none' },
    note: 'no per-app metrics; the dashboard keeps the pipeline row',
  },
  {
    choice: '`fixedEgressIp: true` (`"instance"`)',
    context: { 'chat-opsdata:fixedEgressIp': true },
    note: 'NAT instance, its root volume, the Elastic IP, flow logs',
  },
  {
    choice: '`fixedEgressIp: "gateway"`',
    context: { 'chat-opsdata:fixedEgressIp': 'gateway' },
    note: 'managed NAT gateway, the Elastic IP, flow logs',
  },
  {
    choice: '`slack` / `teams`',
    context: {
      'chat-opsdata:slack': { workspaceId: 'T0123ABCD', channelId: 'C0123456789' },
      'chat-opsdata:teams': {
        teamId: '6f3c1a2b-0000-4000-8000-000000000001',
        tenantId: '6f3c1a2b-0000-4000-8000-000000000002',
        channelId: '19:0@thread.tacv2',
      },
    },
    note: 'AWS Chatbot has no charge of its own',
  },
  {
    choice: '`digestEmail`',
    context: { 'chat-opsdata:digestEmail': 'ops@example.com' },
    note: 'a second topic and one e-mail a day',
  },
  {
    choice: '`dashboard: false`',
    context: { 'chat-opsdata:dashboard': false },
    note: 'only where the dashboard would be billed (an account with three already, or 50 apps)',
  },
];

function choiceTable(base: readonly CostLine[]): string[] {
  const everything = (lines: readonly CostLine[], usage: Usage) =>
    lines.reduce((sum, l) => sum + l.monthly(usage), 0);
  const rows = CHOICES.map(({ choice, context, note }) => {
    const lines = priceTemplate(synth(context).template.toJSON() as TemplateJson);
    const delta = (usage: Usage) => everything(lines, usage) - everything(base, usage);
    return `| ${choice} | ${note} | ${cells(delta, signed).join(' | ')} |`;
  });
  return [
    '| Choice (`chat-opsdata:…`) | What it adds or removes | 1 app, year 1 | year 2 | year 3+ | 50 apps, year 1 | year 2 | year 3+ |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ];
}

/** Each further app, at each `appMetrics` level, from the default template (year 1). */
function perApp(base: readonly CostLine[], level: AppMetricsLevel): string {
  const lines =
    level === 'all'
      ? base
      : priceTemplate(
          synth({ 'chat-opsdata:appMetrics': level }).template.toJSON() as TemplateJson,
        );
  const one = monthlyTotal(lines, { apps: 1, year: 1 });
  const fifty = monthlyTotal(lines, { apps: 50, year: 1 });
  return dollars((fifty - one) / 49);
}

/** The Markdown of the `cost` block. */
export function costTableMarkdown(): string {
  const base = priceTemplate(synth().template.toJSON() as TemplateJson);
  const perMetric = (PRICES.metric.usd * RUNS_PER_MONTH) / HOURS_PER_MONTH;
  return [
    `List prices in ${PRICES_REGION} read on ${PRICES_READ_ON}, free tier aside except where a line says so; other regions differ, most prices by less than a third (a NAT gateway in ap-southeast-1 is $0.059 an hour). Each line is a resource of the synthesized default template (\`npm run docs -- cost\` prices it again; a resource the table cannot price fails that command and the test).`,
    '',
    ...lineTable(base),
    '',
    `"Year 3+" is year 3: later years add only the snapshots' growth, ${dollars((SNAPSHOT_BYTES_PER_APP_RUN * 365.25 * PRICES.s3Storage.usd) / 1024 ** 3)} a month per app and year.`,
    '',
    `Each further app adds ${perApp(base, 'all')} a month with \`appMetrics: "all"\` (the default: ${appMetricNames('all').length} metrics at $${perMetric.toFixed(4)} each, billed for the hour a day they receive data), ${perApp(base, 'key')} with \`"key"\`, ${perApp(base, 'none')} with \`"none"\` — the rest is a few KB of S3 and logs. What each choice adds to the default, priced from its own synthesized template:`,
    '',
    ...choiceTable(base),
  ].join('\n');
}

export const COST_TABLE: GeneratedBlock = {
  name: 'cost',
  doc: 'docs/deploy.md',
  render: costTableMarkdown,
};
