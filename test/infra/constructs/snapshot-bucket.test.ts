import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resource, type Synthesized } from '../../../tools/harness/synth.js';
import { type DefaultStack, defaultStack, getAtt, objects } from '../../support/default-stack.js';

const BUNDLE = false;

// One synthesis for the whole file; the bundle's tests synthesize with real esbuild bundling.
let s: Synthesized;
let ids: DefaultStack['ids'];

beforeAll(() => {
  ({ s, ids } = defaultStack(BUNDLE));
});

describe('snapshot bucket', () => {
  const tlsOnly = (id: string) =>
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: [getAtt(id), objects(id, '/*')],
          },
        ]),
      },
    });
  const privateEncrypted = {
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ],
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  };

  it('blocks all public access, encrypts with SSE-S3 and disables ACLs', () => {
    expect(resource(s.template, ids.bucket).Properties).toMatchObject(privateEncrypted);
  });

  it('denies every request that is not TLS', () => {
    tlsOnly(ids.bucket);
  });

  it('is versioned, and expires replaced versions after 30 days', () => {
    const props = resource(s.template, ids.bucket).Properties;
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'expire-noncurrent-versions',
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        ExpiredObjectDeleteMarker: true,
      },
      {
        Id: 'abort-incomplete-uploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
  });

  it('sends server access logs to a second private, TLS-only bucket, delivered by bucket policy', () => {
    expect(resource(s.template, ids.bucket).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: ids.accessLogs },
      LogFilePrefix: 'snapshots/',
    });
    const logs = resource(s.template, ids.accessLogs).Properties;
    expect(logs).toMatchObject(privateEncrypted);
    expect(logs.AccessControl).toBeUndefined();
    expect(logs.LifecycleConfiguration.Rules).toContainEqual({
      Id: 'expire-access-logs',
      Status: 'Enabled',
      ExpirationInDays: 365,
    });
    tlsOnly(ids.accessLogs);
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.accessLogs },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:PutObject',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Resource: objects(ids.accessLogs, '/snapshots/*'),
            Condition: {
              ArnLike: { 'aws:SourceArn': getAtt(ids.bucket) },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          },
        ]),
      },
    });
  });

  it('retains both buckets when the stack is deleted or replaced', () => {
    // The third bucket holds Athena query results (see the analytics tests).
    for (const id of [ids.bucket, ids.accessLogs]) {
      expect(resource(s.template, id)).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
    s.template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    s.template.resourceCountIs('AWS::S3::Bucket', 3);
  });
});
