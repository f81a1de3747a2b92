/** chat-opsdata:topicKey: TLS-only topics by default, a created key, or an existing key by ARN. */
import { beforeAll, describe, expect, it } from 'vitest';
import { resource, roleStatements, type Synthesized, synth } from '../../../tools/harness/synth.js';

const KEY_ARN = 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const DIGEST = { 'chat-opsdata:digestEmail': 'ops@example.com' };

let none: Synthesized;
let created: Synthesized;
let existing: Synthesized;

beforeAll(() => {
  none = synth(DIGEST);
  created = synth({ ...DIGEST, 'chat-opsdata:topicKey': 'create' });
  existing = synth({ ...DIGEST, 'chat-opsdata:topicKey': KEY_ARN });
});

const topics = (s: Synthesized) =>
  [s.stack.alarms.topic, s.stack.digestTopic?.topic].map((topic) =>
    resource(s.template, s.idOf(topic as never)),
  );
const statements = (s: Synthesized) =>
  roleStatements(s.template, s.idOf(s.stack.snapshotFunction.role));

describe('topicKey "none" (the default)', () => {
  it('creates no KMS key and leaves both topics without SNS encryption', () => {
    none.template.resourceCountIs('AWS::KMS::Key', 0);
    for (const topic of topics(none)) expect(topic.Properties.KmsMasterKeyId).toBeUndefined();
  });

  it('keeps both topics TLS-only', () => {
    const policies = Object.values(none.template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('gives the function sns:Publish on the digest topic and no kms permission', () => {
    const sids = statements(none).map((st) => st.Sid);
    expect(sids).toContain('PublishDigest');
    expect(sids).not.toContain('EncryptDigest');
    expect(JSON.stringify(statements(none))).not.toContain('kms:');
  });
});

describe('topicKey "create"', () => {
  it("creates one rotating key, under the id today's stacks have, that CloudWatch of this account may use", () => {
    created.template.resourceCountIs('AWS::KMS::Key', 1);
    const keyId = created.idOf(created.stack.alarms.key as never);
    // The logical id of the key stacks deployed before this setting existed: "create" keeps it.
    expect(keyId).toMatch(/^AlarmsTopicKey[0-9A-F]{8}$/);
    const key = resource(created.template, keyId);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Delete');
    expect(key.Properties.PendingWindowInDays).toBe(7);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'AllowCloudWatchAlarmsToUseTheKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  it('encrypts both topics with it and lets the function use it for the digest only', () => {
    const keyId = created.idOf(created.stack.alarms.key as never);
    for (const topic of topics(created)) {
      expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
    expect(statements(created).find((st) => st.Sid === 'EncryptDigest')).toEqual({
      Sid: 'EncryptDigest',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });
});

describe('topicKey as the ARN of an existing key', () => {
  it('creates no key and encrypts both topics with that one', () => {
    existing.template.resourceCountIs('AWS::KMS::Key', 0);
    for (const topic of topics(existing)) expect(topic.Properties.KmsMasterKeyId).toBe(KEY_ARN);
  });

  it('lets the function use exactly that key for the digest', () => {
    expect(statements(existing).find((st) => st.Sid === 'EncryptDigest')).toEqual({
      Sid: 'EncryptDigest',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: KEY_ARN,
    });
  });
});
