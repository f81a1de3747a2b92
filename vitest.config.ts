import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    // The AWS SDK's default credential chain ends at the EC2 instance metadata service; a test
    // must never wait for (or reach) it.
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    // Each test file in a fresh worker: files keep state at module level (a synthesized stack,
    // local servers, stubbed environment variables). Said explicitly, so vitest does not suggest
    // turning it off at the end of every run.
    isolate: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in
    // its legacy provider: without it any listing longer than one page fails with a 500.
    execArgv: ['--openssl-legacy-provider'],
  },
});
