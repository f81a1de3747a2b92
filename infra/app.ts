/** The CDK app `cdk synth` / `cdk deploy` run (cdk.json `app`). */
import { ConfigError } from '../functions/core/errors.js';
import { buildApp } from './build-app.js';

// aws-cdk-lib writes "Bundling asset <path>..." to stderr for every bundled asset, with no switch
// to turn it off; `npm run synth` is meant to print nothing but errors, so that one line is dropped.
const writeStderr = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: unknown, ...rest: never[]) =>
  typeof chunk === 'string' && /^Bundling asset \S+\.\.\.\r?\n?$/.test(chunk)
    ? true
    : writeStderr(chunk as string, ...rest)) as typeof process.stderr.write;

try {
  buildApp();
} catch (error) {
  // A wrong context value is the operator's to fix: one line naming the key, not a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`chat-opsdata: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  process.stderr.write = writeStderr;
}
