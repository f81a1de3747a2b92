/** Synthesizes `OpsdataAnalytics` in a bare stack and reads the analytics resources back. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { OpsdataAnalytics, type OpsdataAnalyticsProps } from '../../infra/constructs/analytics.js';

export interface GlueColumnJson {
  readonly Name: string;
  readonly Type: string;
  readonly Comment?: string;
}

export interface TableInputJson {
  readonly Name: string;
  readonly TableType: string;
  readonly Parameters: Record<string, unknown>;
  readonly PartitionKeys: GlueColumnJson[];
  readonly ViewOriginalText?: string;
  readonly ViewExpandedText?: string;
  readonly StorageDescriptor: {
    readonly Columns: GlueColumnJson[];
    readonly Location: unknown;
    readonly InputFormat?: string;
    readonly OutputFormat?: string;
    readonly SerdeInfo: { SerializationLibrary?: string; Parameters?: Record<string, string> };
  };
}

export interface NamedQueryJson {
  readonly Name: string;
  readonly Description: string;
  readonly Database: string;
  readonly QueryString: string;
  readonly WorkGroup: unknown;
}

export function synthAnalytics(props: Partial<OpsdataAnalyticsProps> = {}) {
  // The built-in CloudFormation validation (~6 s) is left to `npm run synth`, which CI runs.
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'AnalyticsTest', {
    env: { account: '111111111111', region: 'ap-southeast-1' },
  });
  const bucket = new Bucket(stack, 'Snapshots');
  const analytics = new OpsdataAnalytics(stack, 'Analytics', {
    bucket,
    prefix: 'getappinfo',
    projectionStartDate: '2026-01-01',
    ...props,
  });
  return { app, stack, bucket, analytics, template: Template.fromStack(stack) };
}

function propertiesOf(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).map(
    (r) => (r as { Properties: Record<string, unknown> }).Properties,
  );
}

/** The `TableInput` of the Glue table (or view) called `name`. */
export function glueTableInput(template: Template, name: string): TableInputJson {
  const found = propertiesOf(template, 'AWS::Glue::Table')
    .map((p) => p.TableInput as TableInputJson)
    .find((t) => t.Name === name);
  if (!found) throw new Error(`no Glue table ${name} in the template`);
  return found;
}

export function namedQueriesOf(template: Template): NamedQueryJson[] {
  return propertiesOf(template, 'AWS::Athena::NamedQuery') as unknown as NamedQueryJson[];
}

/** Flattens `Fn::Join` / `Ref` into a string with `<LogicalId>` placeholders, for readable asserts. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Ref' in v) return `<${String(v.Ref)}>`;
  if ('Fn::Join' in v) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(sep);
  }
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}
