/**
 * The CLI: the Lambda's run with local adapters. With no options it starts the simulator and
 * snapshots its demo apps into ./snapshots/, so a new user sees the real path run.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_APPS, demoSecret } from '../../simulator/demo.js';
import { startSimulator } from '../../simulator/server.js';
import { checkAwsSetup } from '../aws/aws-setup.js';
import { type AwsClients, awsClients, destroyAwsClients } from '../aws/clients.js';
import { s3Store } from '../aws/s3-store.js';
import { ConfigError } from '../core/errors.js';
import { terminalJson } from '../core/json.js';
import { MESSAGE_MAX, plainText } from '../core/plain-text.js';
import { digestMail, type MailLinks, mailAsText, reportCommand } from '../digest/digest-mail.js';
import { getAppInfoAgent } from '../getappinfo/agent.js';
import { dirStore } from '../local/dir-store.js';
import { notifyStep } from '../notify/notify-step.js';
import { defaultReportPath } from '../report/report-args.js';
import { type AfterRunStep, runSnapshots } from '../run/run-service.js';
import type { SnapshotStore } from '../run/snapshot-store.js';
import { parseSecretDocument, type SecretDocument } from '../secret/secret.js';
import { loadSecretFromFile } from '../secret/secret-file.js';
import { loadSecretFromSecretsManager } from '../secret/secrets-manager.js';
import { type CliOptions, parseCliArgs, type SecretSource, USAGE } from './cli-args.js';
import { type CliIo, EXIT, reportError } from './cli-io.js';
import { formatSummary } from './cli-summary.js';

export type { CliIo } from './cli-io.js';

/** Overall time budget of one CLI run: every AWS call is cut when it is over. */
const DEADLINE_MS = 120_000;
/** The part of it kept for the writes after the last getappinfo attempt, as in Lambda. */
const WRITE_MARGIN_MS = 5_000;

/** The AWS clients, built (with their timeouts) only when a flag needs AWS. */
function lazyAws() {
  let clients: AwsClients | undefined;
  return {
    get: () => {
      clients ??= awsClients();
      return clients;
    },
    destroy: () => {
      if (clients !== undefined) destroyAwsClients(clients);
    },
  };
}

type LazyAws = ReturnType<typeof lazyAws>;

async function loadSecret(
  secret: Exclude<SecretSource, { kind: 'demo' }>,
  aws: LazyAws,
  signal: AbortSignal,
): Promise<SecretDocument> {
  return secret.kind === 'file'
    ? loadSecretFromFile(secret.path)
    : loadSecretFromSecretsManager(aws.get().secretsManager, secret.secretId, { signal });
}

/**
 * Opens where the snapshots go; for a bucket, first checks that AWS has a region and credentials,
 * so that a run without them stops before any getappinfo call.
 * @throws ConfigError naming `--bucket` and what to set.
 */
async function openStore(
  options: CliOptions,
  aws: LazyAws,
  signal: AbortSignal,
): Promise<SnapshotStore> {
  const { destination } = options;
  if (destination.kind === 'dir') return dirStore(destination.path);
  const { s3 } = aws.get();
  await checkAwsSetup(s3.config, {
    field: '--bucket',
    subject: `--bucket ${destination.bucket}`,
  });
  return s3Store(s3, destination.bucket, { signal });
}

/**
 * The summary, as text or as JSON (with what a terminal would act on escaped); or, with `--mail`,
 * the digest e-mail instead.
 */
function printSummary(options: CliOptions, io: CliIo): AfterRunStep {
  return {
    name: 'summary',
    run(summary) {
      if (options.mail) io.stdout(mailAsText(digestMail(summary, mailLinks(options))));
      else io.stdout(options.json ? terminalJson(summary, 2) : formatSummary(summary));
    },
  };
}

/** Where the previewed e-mail sends its reader: the report this run makes, or the bucket's. */
function mailLinks(options: CliOptions): MailLinks {
  const { destination, settings } = options;
  return {
    report:
      destination.kind === 'dir'
        ? defaultReportPath(destination.path)
        : reportCommand(destination.bucket, settings.prefix),
  };
}

/** After a run into a folder: the report of everything in it, so a first run ends with a page. */
function reportBeside(options: CliOptions, io: CliIo): AfterRunStep[] {
  const { destination, settings } = options;
  if (destination.kind !== 'dir') return [];
  return [
    {
      name: 'report',
      async run(summary) {
        if (!summary.apps.some((app) => app.ok) && summary.skipped.length === 0) return;
        // Loaded on demand: the charting library is only needed here.
        const { reportBesideSnapshots } = await import('../report/report-cli.js');
        const note = await reportBesideSnapshots(destination.path, settings.prefix, settings.rules);
        // Only the JSON or the e-mail on stdout, so that it can be piped.
        (options.json || options.mail ? io.stderr : io.stdout)(note);
      },
    },
  ];
}

/** With --notify: the chat digest to the secret's webhooks, every time it is asked for. */
function postToChat(
  options: CliOptions,
  secret: SecretDocument,
  agent: ReturnType<typeof getAppInfoAgent>,
  deadline: number,
  io: CliIo,
) {
  if (!options.notify) return [];
  return [
    notifyStep({
      webhooks: secret.notify,
      dashboardUrl: undefined,
      // The CLI posts whenever --notify is given: a person asked for it, this time.
      everyTime: true,
      post: { dispatcher: agent, deadline },
      report: (results) => {
        for (const r of results) {
          io.stderr(
            r.ok
              ? `Chat digest posted to ${r.label}`
              : `Chat digest not posted to ${r.label}: ${r.problem}`,
          );
        }
      },
    }),
  ];
}

async function snapshot(
  options: CliOptions,
  secret: SecretDocument,
  io: CliIo,
  aws: LazyAws,
  signal: AbortSignal,
  started: number,
) {
  const { apps } = secret;
  if (options.notify && secret.notify.length === 0) {
    throw new ConfigError(
      '--notify: the secret lists no webhooks under "notify" (README: the digest in your team\'s chat)',
      { field: '--notify' },
    );
  }
  const store = await openStore(options, aws, signal);
  const agent = getAppInfoAgent();
  const deadline = started + DEADLINE_MS - WRITE_MARGIN_MS;
  try {
    const { summary, failedSteps } = await runSnapshots(
      {
        apps: options.endpoint ? apps.map((app) => ({ ...app, endpoint: options.endpoint })) : apps,
        store,
        settings: options.settings,
        force: options.force,
        runId: randomUUID(),
        now: new Date(),
        deadline,
        client: {
          dispatcher: agent,
          onRetry: ({ sdkAppId, attempt, delayMs, error }) =>
            io.stderr(
              `app ${sdkAppId}: attempt ${attempt} failed (${plainText(error.message, MESSAGE_MAX * 2)}); retrying in ${delayMs} ms`,
            ),
        },
      },
      [
        printSummary(options, io),
        ...reportBeside(options, io),
        ...postToChat(options, secret, agent, started + DEADLINE_MS, io),
      ],
    );
    for (const { step, error } of failedSteps) {
      reportError(`chat-opsdata (${step})`, error, io);
    }
    return summary.ok && failedSteps.length === 0 ? EXIT.ok : EXIT.failed;
  } finally {
    // destroy, not close: the run is over, and close() would wait for whatever is still in flight.
    await agent.destroy();
  }
}

/** Runs the CLI with `argv` (flags only) and resolves with the exit status (0, 1 or 2). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'report') {
    const { runReportCli } = await import('../report/report-cli.js');
    return runReportCli(argv.slice(1), io);
  }
  if (argv[0] === 'compact') {
    const { runCompactCli } = await import('../months/compact-cli.js');
    return runCompactCli(argv.slice(1), io);
  }
  const aws = lazyAws();
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    const started = Date.now();
    const signal = AbortSignal.timeout(DEADLINE_MS);
    if (options.secret.kind !== 'demo') {
      const secret = await loadSecret(options.secret, aws, signal);
      return await snapshot(options, secret, io, aws, signal, started);
    }

    const simulator = await startSimulator({ apps: DEMO_APPS });
    try {
      if (!options.json && !options.mail) {
        io.stderr(`Local getappinfo simulator on ${simulator.url} (demo apps)`);
      }
      const secret = parseSecretDocument(demoSecret(simulator.url));
      return await snapshot(options, secret, io, aws, signal, started);
    } finally {
      await simulator.close();
    }
  } catch (error) {
    return reportError('chat-opsdata', error, io);
  } finally {
    aws.destroy();
  }
}
