import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SnapshotBucketProps {
  /** Days after which current snapshots move to Glacier Instant Retrieval; 0 = never. */
  readonly archiveAfterDays: number;
}

/** Days a replaced snapshot (a re-run of the same day) stays recoverable. */
export const NONCURRENT_VERSION_DAYS = 30;
/** Days S3 server access logs are kept. */
export const ACCESS_LOG_DAYS = 365;

/**
 * The snapshot bucket and the bucket that receives its server access logs: private, TLS-only,
 * SSE-S3, versioned, and retained when the stack is deleted.
 */
export class SnapshotBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SnapshotBucketProps) {
    super(scope, id);

    // Access logs can only be delivered to an SSE-S3 bucket; delivery is granted by bucket policy
    // (feature flag @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy), not by the disabled ACLs.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(ACCESS_LOG_DAYS) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // SSE-S3 rather than SSE-KMS: the function then needs no kms:* permission, and there is no
    // per-request KMS charge. Snapshots hold usage counts, not personal data.
    this.bucket = new s3.Bucket(this, 'Snapshots', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'snapshots/',
      lifecycleRules: [
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          expiredObjectDeleteMarker: true,
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ...(props.archiveAfterDays > 0
          ? [
              {
                id: 'archive-old-snapshots',
                // Glacier Instant Retrieval: Athena can still read it, unlike Flexible/Deep Archive.
                transitions: [
                  {
                    storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
                    transitionAfter: Duration.days(props.archiveAfterDays),
                  },
                ],
              },
            ]
          : []),
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
