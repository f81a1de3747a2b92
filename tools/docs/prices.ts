/**
 * The AWS list prices the cost table (docs/deploy.md, "Monthly cost") is made with: us-east-1,
 * on-demand, free tier aside, each with the page it was read on and when. When AWS changes a price,
 * change it here and run `npm run docs -- cost`.
 */

/** Where and when the prices below were read. */
export const PRICES_REGION = 'us-east-1';
export const PRICES_READ_ON = '2026-12-01';

export interface Price {
  /** US dollars per `per`. */
  readonly usd: number;
  readonly per: string;
  /** The AWS pricing page the number is from. */
  readonly source: string;
}

const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const VPC = 'https://aws.amazon.com/vpc/pricing/';

export const PRICES = {
  secret: {
    usd: 0.4,
    per: 'secret-month',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
  },
  secretCalls: {
    usd: 0.05,
    per: '10,000 API calls',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
  },
  kmsKey: { usd: 1, per: 'key-month', source: 'https://aws.amazon.com/kms/pricing/' },
  /** Each of a key's first two automatic rotations adds this; later rotations add nothing. */
  kmsRotation: {
    usd: 1,
    per: 'key-month, for each of the first two rotations',
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  kmsRequests: { usd: 0.03, per: '10,000 requests', source: 'https://aws.amazon.com/kms/pricing/' },
  alarm: { usd: 0.1, per: 'standard-resolution alarm metric-month', source: CLOUDWATCH },
  /** Prorated by the hour: a metric that receives data in one hour a day costs 1/24 of this. */
  metric: {
    usd: 0.3,
    per: 'custom metric-month (first 10,000), prorated by the hour',
    source: CLOUDWATCH,
  },
  dashboard: { usd: 3, per: 'dashboard-month', source: CLOUDWATCH },
  logIngest: { usd: 0.5, per: 'GB ingested (Standard)', source: CLOUDWATCH },
  logStore: { usd: 0.03, per: 'GB-month archived', source: CLOUDWATCH },
  /** Vended logs (VPC flow logs) delivered to S3, first 10 TB. */
  vendedToS3: { usd: 0.25, per: 'GB of flow logs delivered to S3', source: CLOUDWATCH },
  lambdaArmSecond: {
    usd: 0.0000133334,
    per: 'GB-second (arm64)',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaRequests: {
    usd: 0.2,
    per: 'million requests',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  s3Storage: {
    usd: 0.023,
    per: 'GB-month (S3 Standard, first 50 TB)',
    source: 'https://aws.amazon.com/s3/pricing/',
  },
  s3Gets: {
    usd: 0.0004,
    per: '1,000 GET requests',
    source: 'https://aws.amazon.com/s3/pricing/',
  },
  s3Puts: { usd: 0.005, per: '1,000 PUT requests', source: 'https://aws.amazon.com/s3/pricing/' },
  scheduler: {
    usd: 1,
    per: 'million invocations',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
  },
  snsPublishes: {
    usd: 0.5,
    per: 'million publishes',
    source: 'https://aws.amazon.com/sns/pricing/',
  },
  snsEmails: { usd: 2, per: '100,000 e-mails', source: 'https://aws.amazon.com/sns/pricing/' },
  sqsRequests: { usd: 0.4, per: 'million requests', source: 'https://aws.amazon.com/sqs/pricing/' },
  athenaScanned: {
    usd: 5,
    per: 'TB scanned, 10 MB minimum a query',
    source: 'https://aws.amazon.com/athena/pricing/',
  },
  natGatewayHour: { usd: 0.045, per: 'NAT gateway-hour', source: VPC },
  natGatewayData: { usd: 0.045, per: 'GB processed', source: VPC },
  publicIpv4Hour: { usd: 0.005, per: 'public IPv4 address-hour (an Elastic IP too)', source: VPC },
  ebsGp3: { usd: 0.08, per: 'GB-month (gp3)', source: 'https://aws.amazon.com/ebs/pricing/' },
} as const satisfies Readonly<Record<string, Price>>;

/** On-demand Linux prices per hour of the instance types the stack may create. */
export const INSTANCE_HOUR: Readonly<Record<string, Price>> = {
  't4g.nano': {
    usd: 0.0042,
    per: 'instance-hour (t4g.nano, Linux)',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/',
  },
};

/** Services with no charge of their own for what the stack uses, and the page that says so. */
export const NO_CHARGE = {
  chatbot: 'https://aws.amazon.com/chatbot/pricing/',
  glue: 'https://aws.amazon.com/glue/pricing/',
} as const;
