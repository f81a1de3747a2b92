import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../infra/build-app.js';
import type { ChatOpsdataStack } from '../../infra/stack.js';

/** The `context` of cdk.json: the defaults and feature flags `cdk synth` runs with. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

/** cdk.json context plus `overrides`; without `bundle`, esbuild bundling is skipped. */
export function appContext(
  overrides: Record<string, unknown> = {},
  bundle = false,
): Record<string, unknown> {
  return {
    ...CDK_JSON_CONTEXT,
    ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    ...overrides,
  };
}

export interface Synthesized {
  readonly app: App;
  readonly stack: ChatOpsdataStack;
  readonly template: Template;
  /** The CloudFormation logical id of a construct's L1 resource in the stack. */
  readonly idOf: (construct: IConstruct) => string;
}

/**
 * Builds the app the way `cdk synth` does (cdk.json context plus `overrides`) and synthesizes the
 * stack. Without `bundle`, esbuild is skipped (context `aws:cdk:bundling-stacks: []`), which keeps
 * the context-variant tests fast; the template is otherwise the same. aws-cdk-lib's built-in
 * CloudFormation validation (~6 s a synth here) is left to `npm run synth`, which CI runs once.
 */
export function synth(overrides: Record<string, unknown> = {}, bundle = false): Synthesized {
  const { app, stack } = buildApp({
    context: appContext(overrides, bundle),
    builtinCloudFormationValidation: false,
  });
  const template = Template.fromStack(stack);
  const idOf = (construct: IConstruct): string => {
    const resource = construct.node.defaultChild ?? construct;
    return stack.resolve(stack.getLogicalId(resource as never));
  };
  return { app, stack, template, idOf };
}

interface PolicyStatement {
  readonly [key: string]: unknown;
}

/** Every IAM statement that applies to a role: inline policies and attached AWS::IAM::Policy. */
export function roleStatements(template: Template, roleId: string): PolicyStatement[] {
  const resources = template.toJSON().Resources as Record<string, CfnResource>;
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const inline = (role.Properties.Policies ?? []).flatMap(
    (p: { PolicyDocument: { Statement: PolicyStatement[] } }) => p.PolicyDocument.Statement,
  );
  const attached = Object.values(resources)
    .filter(
      (r) =>
        (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
        (r.Properties.Roles ?? []).some((ref: { Ref?: string }) => ref.Ref === roleId),
    )
    .flatMap((r) => r.Properties.PolicyDocument.Statement as PolicyStatement[]);
  return [...inline, ...attached];
}

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped JSON.
export type CfnResource = { Type: string; Properties: any; [key: string]: any };

/** The resource with this logical id, failing the test if it is absent. */
export function resource(template: Template, id: string): CfnResource {
  const found = (template.toJSON().Resources as Record<string, CfnResource>)[id];
  if (found === undefined) throw new Error(`no resource ${id} in the template`);
  return found;
}
