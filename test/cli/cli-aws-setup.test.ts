/**
 * `--bucket` without an AWS region or credentials: the three commands stop before any work (no
 * getappinfo call, no listing) with exit 2 and what to set. The AWS SDK reads this process's
 * environment, so each test gives it one with nothing in it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../functions/cli/cli-app.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { appConfigs, TEST_APPS } from '../support/fixtures.js';

let sim: RunningSimulator;
let dir: string;
let out: string[];
let err: string[];
const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };

beforeAll(async () => {
  sim = await startSimulator({ apps: TEST_APPS });
});
afterAll(() => sim.close());

beforeEach(async () => {
  out = [];
  err = [];
  sim.reset();
  dir = await mkdtemp(join(tmpdir(), 'opsdata-aws-setup-'));
  // No region, no credentials, no profile files: what a new laptop has.
  for (const name of [
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  ]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function secretFile(): Promise<string> {
  const path = join(dir, 'secret.json');
  await writeFile(path, JSON.stringify(appConfigs(sim.url, TEST_APPS.slice(0, 1))[0]));
  return path;
}

describe('--bucket without AWS set up', () => {
  it('npm start stops before any getappinfo call, exit 2, saying to set a region', async () => {
    const code = await runCli(['--secret-file', await secretFile(), '--bucket', 'my-bucket'], io);
    expect(code).toBe(2);
    expect(err).toEqual([
      'chat-opsdata: --bucket my-bucket: no AWS region — set AWS_REGION, or a region in your AWS profile (aws configure)',
    ]);
    expect(out).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });

  it('npm start stops before any getappinfo call, exit 2, saying how to give credentials', async () => {
    vi.stubEnv('AWS_REGION', 'ap-southeast-1');
    const code = await runCli(['--secret-file', await secretFile(), '--bucket', 'my-bucket'], io);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(
      /^chat-opsdata: --bucket my-bucket: no AWS credentials found — set AWS_PROFILE \(and run aws sso login for an SSO profile\), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
    expect(sim.requests).toHaveLength(0);
  });

  it('the report from a bucket says the same, exit 2', async () => {
    expect(await runCli(['report', '--bucket', 'my-bucket'], io)).toBe(2);
    expect(err).toEqual([
      'chat-opsdata report: --bucket my-bucket: no AWS region — set AWS_REGION, or a region in your AWS profile (aws configure)',
    ]);
  });

  it('compact of a bucket says the same, exit 2, before listing anything', async () => {
    expect(await runCli(['compact', '--bucket', 'my-bucket'], io)).toBe(2);
    expect(err).toEqual([
      'chat-opsdata compact: --bucket my-bucket: no AWS region — set AWS_REGION, or a region in your AWS profile (aws configure)',
    ]);
    expect(out).toEqual([]);
  });
});
