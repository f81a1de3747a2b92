import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { appContext } from '../../tools/harness/synth.js';

// validateScope runs the pack on the construct tree without synthesizing, so it also works
// when a finding would make the synth itself fail.
const violations = (context: Record<string, unknown> = {}) =>
  new AwsSolutionsChecks()
    .validateScope(buildApp({ context: appContext(context) }).app)
    .violations.map((v) => ({
      rule: v.ruleName,
      at: v.violatingResources.map((r) => r.constructPath),
    }));

/** The default stack's findings with acknowledge() switched off (see the test below). */
const violationsWithoutAcks = () => violations();

describe('cdk-nag AwsSolutions', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reports nothing unacknowledged for the default context', () => {
    expect(violations()).toEqual([]);
  });

  it('reports nothing unacknowledged with the digest e-mail and both addresses set', () => {
    expect(
      violations({
        'chat-opsdata:digestEmail': 'ops@example.com',
        'chat-opsdata:alarmEmail': 'oncall@example.com',
      }),
    ).toEqual([]);
  });

  it('reports nothing unacknowledged with an imported secret and another prefix', () => {
    expect(
      violations({ 'chat-opsdata:secret': 'chat/opsdata', 'chat-opsdata:snapshotPrefix': 'ops' }),
    ).toEqual([]);
  });

  it.each([
    [
      'a created topic key',
      { 'chat-opsdata:topicKey': 'create', 'chat-opsdata:digestEmail': 'ops@example.com' },
    ],
    [
      "an existing key's ARN",
      {
        'chat-opsdata:topicKey':
          'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        'chat-opsdata:digestEmail': 'ops@example.com',
      },
    ],
    [
      'alarms in Slack and Teams',
      {
        'chat-opsdata:slack': { workspaceId: 'T0123ABCD', channelId: 'C0123456789' },
        'chat-opsdata:teams': {
          teamId: '6f3c1a2b-0000-4000-8000-000000000001',
          tenantId: '6f3c1a2b-0000-4000-8000-000000000002',
          channelId: '19:abc@thread.tacv2',
        },
      },
    ],
    ['a NAT instance', { 'chat-opsdata:fixedEgressIp': true }],
    ['a NAT gateway', { 'chat-opsdata:fixedEgressIp': 'gateway' }],
    ['no per-app metrics', { 'chat-opsdata:appMetrics': 'none' }],
  ])('reports nothing unacknowledged with %s', (_, context) => {
    expect(violations(context)).toEqual([]);
  });

  it('acknowledges exactly these findings for a NAT instance, each of which is real', () => {
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    const extra = violations({ 'chat-opsdata:fixedEgressIp': true }).filter(
      (v) =>
        !violationsWithoutAcks().some(
          (d) => d.rule === v.rule && JSON.stringify(d.at) === JSON.stringify(v.at),
        ),
    );
    expect(extra).toEqual([
      {
        rule: 'AwsSolutions-EC28',
        at: ['ChatOpsdata/Egress/Vpc/PublicSubnet1/NatInstance/Resource'],
      },
      {
        rule: 'AwsSolutions-EC29',
        at: ['ChatOpsdata/Egress/Vpc/PublicSubnet1/NatInstance/Resource'],
      },
      {
        rule: 'AwsSolutions-IAM5[Resource::*]',
        at: ['ChatOpsdata/SnapshotFunction/Role/DefaultPolicy/Resource'],
      },
    ]);
  });

  it('acknowledges exactly these findings, each of which is real', () => {
    // With acknowledge() switched off, every acknowledged finding must come back.
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    expect(violations()).toEqual([
      { rule: 'AwsSolutions-SMG4', at: ['ChatOpsdata/AppSecret/Resource'] },
      {
        rule: expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<StorageSnapshots\w+\.Arn>\/getappinfo\/\*\]$/,
        ),
        // The function writes under the prefix; the analysts' query policy reads it.
        at: [
          'ChatOpsdata/SnapshotFunction/Role/DefaultPolicy/Resource',
          'ChatOpsdata/Analytics/QueryPolicy/Resource',
        ],
      },
      {
        rule: expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<StorageSnapshots\w+\.Arn>\/raw\/getappinfo\/\*\]$/,
        ),
        at: ['ChatOpsdata/SnapshotFunction/Role/DefaultPolicy/Resource'],
      },
      {
        rule: expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<StorageSnapshots\w+\.Arn>\/days\/getappinfo\/\*\]$/,
        ),
        // The function reads and rewrites its month objects (and its done markers and claims);
        // the query policy reads them.
        at: [
          'ChatOpsdata/SnapshotFunction/Role/DefaultPolicy/Resource',
          'ChatOpsdata/Analytics/QueryPolicy/Resource',
        ],
      },
      { rule: 'AwsSolutions-SQS3', at: ['ChatOpsdata/DailySchedule/DeadLetterQueue/Resource'] },
      {
        rule: expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<AnalyticsResults\w+\.Arn>\/athena-results\/\*\]$/,
        ),
        at: ['ChatOpsdata/Analytics/QueryPolicy/Resource'],
      },
    ]);
  });

  it('fails the synth on an unacknowledged finding', () => {
    const { stack } = buildApp({ context: appContext() });
    new s3.Bucket(stack, 'Careless');
    expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-S1\b/);
  });
});
