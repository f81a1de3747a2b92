import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** Secrets Manager appends `-` and six random characters to a secret's name in its ARN. */
const COMPLETE_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;
const ANY_ARN = /^arn:aws[a-z-]*:secretsmanager:/;

/** How a context value names an existing secret. */
export type SecretRefKind = 'complete-arn' | 'partial-arn' | 'name';

/** Tells a complete ARN (with the random suffix), a partial ARN and a plain name apart. */
export function secretRefKind(ref: string): SecretRefKind {
  if (COMPLETE_ARN.test(ref)) return 'complete-arn';
  if (ANY_ARN.test(ref)) return 'partial-arn';
  return 'name';
}

/**
 * Imports an existing secret by name or ARN. With a name or partial ARN the IAM resource becomes
 * `<arn>-??????`, which matches exactly the six-character suffix Secrets Manager adds.
 */
export function importSecret(scope: Construct, ref: string): secretsmanager.ISecret {
  switch (secretRefKind(ref)) {
    case 'complete-arn':
      return secretsmanager.Secret.fromSecretCompleteArn(scope, 'AppSecret', ref);
    case 'partial-arn':
      return secretsmanager.Secret.fromSecretPartialArn(scope, 'AppSecret', ref);
    case 'name':
      return secretsmanager.Secret.fromSecretNameV2(scope, 'AppSecret', ref);
  }
}
