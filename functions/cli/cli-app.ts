/**
 * The CLI: the Lambda's pipeline with local adapters. With no options it starts the simulator
 * and snapshots its demo apps into ./snapshots/, so a new user sees the real path run.
 */

import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Agent } from 'undici';
import { DEMO_APPS, demoSecret } from '../../simulator/demo.js';
import { startSimulator } from '../../simulator/server.js';
import { s3Store } from '../aws/s3-store.js';
import { ConfigError } from '../core/errors.js';
import { dirStore } from '../local/dir-store.js';
import { takeSnapshots } from '../run/snapshot-pipeline.js';
import type { SnapshotStore } from '../run/snapshot-store.js';
import { type AppConfig, parseSecret } from '../secret/secret.js';
import { loadSecretFromFile } from '../secret/secret-file.js';
import { loadSecretFromSecretsManager } from '../secret/secrets-manager.js';
import { type CliOptions, parseCliArgs, type SecretSource, USAGE } from './cli-args.js';
import { formatSummary } from './cli-summary.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Overall time budget of one CLI run (every app, every retry). */
const DEADLINE_MS = 120_000;

async function loadApps(secret: Exclude<SecretSource, { kind: 'demo' }>): Promise<AppConfig[]> {
  return secret.kind === 'file'
    ? loadSecretFromFile(secret.path)
    : loadSecretFromSecretsManager(new SecretsManagerClient({}), secret.secretId);
}

function openStore(options: CliOptions): SnapshotStore {
  return options.destination.kind === 's3'
    ? s3Store(new S3Client({}), options.destination.bucket)
    : dirStore(options.destination.path);
}

async function snapshot(options: CliOptions, apps: readonly AppConfig[], io: CliIo) {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  try {
    const summary = await takeSnapshots({
      apps: options.endpoint ? apps.map((app) => ({ ...app, endpoint: options.endpoint })) : apps,
      store: openStore(options),
      prefix: options.prefix,
      timeZone: options.timeZone,
      requestFields: options.requestFields,
      rules: options.rules,
      runId: randomUUID(),
      now: new Date(),
      deadline: Date.now() + DEADLINE_MS,
      client: {
        dispatcher: agent,
        onRetry: ({ sdkAppId, attempt, delayMs, error }) =>
          io.stderr(
            `app ${sdkAppId}: attempt ${attempt} failed (${error.message}); retrying in ${delayMs} ms`,
          ),
      },
    });
    io.stdout(options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    if (options.destination.kind === 'dir' && summary.apps.some((app) => app.ok)) {
      // The picture of everything in the folder, so a first run ends with something to open.
      // Loaded on demand: the charting library is only needed here.
      const { reportBesideSnapshots } = await import('../report/report-cli.js');
      const { path } = options.destination;
      const note = await reportBesideSnapshots(path, options.prefix, options.rules);
      (options.json ? io.stderr : io.stdout)(note);
    }
    return summary.ok ? 0 : 1;
  } finally {
    await agent.close();
  }
}

/** Runs the CLI with `argv` (flags only) and resolves with the exit status (0, 1 or 2). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'report') {
    const { runReportCli } = await import('../report/report-cli.js');
    return runReportCli(argv.slice(1), io);
  }
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (options.secret.kind !== 'demo') {
      return await snapshot(options, await loadApps(options.secret), io);
    }

    const simulator = await startSimulator({ apps: DEMO_APPS });
    try {
      if (!options.json) io.stderr(`Local getappinfo simulator on ${simulator.url} (demo apps)`);
      return await snapshot(options, parseSecret(demoSecret(simulator.url)), io);
    } finally {
      await simulator.close();
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`chat-opsdata: ${error.message}`);
      return 2;
    }
    // Not a failed app and not bad input: say what broke, with the stack for a bug report.
    io.stderr(
      `chat-opsdata: unexpected error: ${error instanceof Error ? error.stack : String(error)}`,
    );
    return 1;
  }
}
