import { describe, expect, it } from 'vitest';
import { secretRefKind } from '../../../infra/constructs/secret-ref.js';

describe('secretRefKind', () => {
  it.each([
    [
      'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:chat/opsdata-AbC123',
      'complete-arn',
    ],
    ['arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:ops-x1Y2z3', 'complete-arn'],
    ['arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:chat/opsdata', 'partial-arn'],
    ['chat/opsdata', 'name'],
    ['chat-opsdata-AbC123', 'name'],
  ])('%s is a %s', (ref, kind) => {
    expect(secretRefKind(ref)).toBe(kind);
  });
});
