/**
 * Runs once around the whole test run. Every temporary file of the run goes under one folder that
 * is removed at the end: aws-cdk-lib gives each synthesized App without an `outdir` a fresh
 * `cdk.out*` folder in the temp directory and never removes it, and the template tests synthesize
 * dozens. Tests still clean up their own folders; this catches what a library leaves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const sandbox = mkdtempSync(join(tmpdir(), 'chat-opsdata-tests-'));
  // Read by os.tmpdir() in the test workers, which start after this.
  process.env.TMPDIR = sandbox;
  return () => rmSync(sandbox, { recursive: true, force: true });
}
