/**
 * The Lambda handler, built from its clients and its configuration so that tests can give it
 * local ones without touching `process.env`. `functions/handler.ts` builds the deployed one.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import type { Dispatcher } from 'undici';
import {
  publishAppMetrics,
  recordDayIncomplete,
  recordNotifyFailures,
  recordRunMetrics,
  recordRunNotStarted,
} from '../aws/emf-metrics.js';
import { s3Store } from '../aws/s3-store.js';
import { publishDigest } from '../aws/sns-digest.js';
import type { AppMetricsLevel } from '../core/metric-names.js';
import { type MailLinks, reportCommand } from '../digest/digest-mail.js';
import type { ClientOptions } from '../getappinfo/client.js';
import { notifyStep } from '../notify/notify-step.js';
import type { WebhookResult } from '../notify/poster.js';
import { onceForTheDay } from '../run/claim-once.js';
import { parseRunEvent } from '../run/run-event.js';
import { runDigests, runFailure } from '../run/run-outcome.js';
import { type AfterRunStep, runSnapshots } from '../run/run-service.js';
import type { AppSnapshot, RunSummary } from '../run/snapshot-pipeline.js';
import { loadSecretFromSecretsManager } from '../secret/secrets-manager.js';
import type { LambdaConfig } from '../settings/lambda-config.js';

export interface HandlerDeps {
  /** Read once, on the first invocation, so a missing variable fails (and logs) that invocation. */
  readonly loadConfig: () => LambdaConfig;
  readonly s3: S3Client;
  readonly secretsManager: SecretsManagerClient;
  /** A keep-alive undici Agent for the getappinfo calls, reused across invocations. */
  readonly dispatcher: Dispatcher;
  readonly logger: Logger;
  /** Run metrics: namespace ChatOpsdata, dimension `service`. */
  readonly metrics: Metrics;
  /** Per-app figures: namespace ChatOpsdata/Apps, no default dimensions (see publishAppMetrics). */
  readonly appMetrics: Metrics;
  /** Used when the configuration names a digest topic. */
  readonly sns: SNSClient;
  /** getappinfo client settings other than the dispatcher (tests shorten the backoff). */
  readonly client?: Omit<ClientOptions, 'dispatcher' | 'onRetry'>;
}

export type SnapshotHandler = (event: unknown, context: Context) => Promise<RunSummary>;

/**
 * Time kept back from the Lambda timeout for the last writes and the steps after the run: no
 * getappinfo attempt starts or runs past it.
 */
export const SAFETY_MARGIN_MS = 5_000;

/**
 * Time kept back for the closing log line and the metrics flush: every AWS call (Secrets Manager,
 * S3, SNS) still waiting then is cut by the run's abort signal, so the handler always returns,
 * logs and flushes before Lambda's timeout, whatever stalls.
 */
export const CLOSING_MARGIN_MS = 1_000;

/** Builds the handler: read config, load the secret, take the snapshots, log and emit metrics. */
export function createSnapshotHandler(deps: HandlerDeps): SnapshotHandler {
  const { logger, metrics } = deps;
  // The per-app figures carry only SdkAppId, so the dashboard's SEARCH finds every app.
  deps.appMetrics.clearDefaultDimensions();
  let config: LambdaConfig | undefined;

  return async (event, context) => {
    logger.addContext(context);
    logger.appendKeys({ runId: context.awsRequestId });
    const now = new Date();
    const end = Date.now() + context.getRemainingTimeInMillis();
    // The run's deadline reaches every AWS call's send(); getappinfo has its own, earlier one.
    const signal = AbortSignal.timeout(Math.max(0, end - CLOSING_MARGIN_MS - Date.now()));
    let summary: RunSummary | undefined;
    try {
      config ??= deps.loadConfig();
      const secret = await loadSecretFromSecretsManager(deps.secretsManager, config.secretId, {
        signal,
      });
      const request = parseRunEvent(event, secret.apps);
      const deadline = end - SAFETY_MARGIN_MS;
      logger.info('snapshot run started', {
        apps: request.apps.map((a) => a.sdkAppId),
        prefix: config.settings.prefix,
        ...(request.force ? { force: true } : {}),
      });

      const outcome = await runSnapshots(
        {
          apps: request.apps,
          notSelected: request.notSelected,
          force: request.force,
          store: s3Store(deps.s3, config.bucketName, { signal }),
          settings: config.settings,
          runId: context.awsRequestId,
          now,
          deadline,
          client: {
            ...deps.client,
            dispatcher: deps.dispatcher,
            onRetry: ({ sdkAppId, attempt, delayMs, error }) =>
              logger.warn('getappinfo attempt failed, retrying', {
                sdkAppId,
                attempt,
                delayMs,
                errorCode: error.errorCode,
                error: error.message,
              }),
          },
        },
        [
          logResults(logger),
          emitMetrics(metrics, deps.appMetrics, now, config.appMetrics),
          ...(config.digestTopicArn === undefined
            ? []
            : [mailDigest(deps.sns, config.digestTopicArn, mailLinks(config), logger, signal)]),
          notifyStep({
            webhooks: secret.notify,
            dashboardUrl: config.dashboardUrl,
            // After the writes: the chat post may use the time kept for them, not the closing margin.
            post: { dispatcher: deps.dispatcher, deadline: end - CLOSING_MARGIN_MS },
            report: (results) => reportPosts(logger, metrics, results),
            alreadySent: () => logger.info('chat digest already sent for this dt'),
          }),
        ],
      );
      summary = outcome.summary;
      // Last, once every step has had its turn: whether anything of the day is left undone.
      recordDayIncomplete(metrics, summary, outcome.failedSteps);
      logger.info('snapshot run finished', {
        dt: summary.dt,
        ok: summary.ok,
        apps: summary.apps.length,
        skipped: summary.skipped.length,
        notWritten: summary.notWritten,
        failedSteps: outcome.failedSteps.map(({ step }) => step),
        digests: runDigests(summary),
      });
      const failure = runFailure(summary);
      if (failure) throw failure;
      const [firstFailedStep] = outcome.failedSteps;
      if (firstFailedStep !== undefined) throw firstFailedStep.error;
      return summary;
    } catch (error) {
      // A run that never got to its apps (configuration, secret) still tells the failure alarm.
      if (summary === undefined) recordRunNotStarted(metrics);
      logger.error('snapshot run failed', error as Error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
      logger.removeKeys(['runId']);
    }
  };
}

/**
 * The keys of an app's `snapshot written` line: what was written, the digest's day, its key
 * figures (`figures.active_users`, …) and its anomalies (how many, and the rules), which the
 * dashboard's table of every app reads with Logs Insights.
 */
export function snapshotWrittenKeys(app: AppSnapshot) {
  const { digest, ...written } = app;
  return {
    ...written,
    day: digest.day,
    figures: Object.fromEntries(digest.metrics.map((m) => [m.id, m.value])),
    anomalies: digest.anomalies.length,
    anomalyRules: digest.anomalies.map((a) => a.rule).join(', '),
  };
}

/** The Lambda's log lines for each app: written or failed, one WARN per anomaly, the skipped. */
function logResults(logger: Logger): AfterRunStep {
  return {
    name: 'log lines',
    run(summary) {
      if (summary.skipped.length > 0) {
        logger.info('already written, skipped', {
          dt: summary.dt,
          sdkAppIds: summary.skipped.map((app) => app.sdkAppId),
        });
      }
      for (const app of summary.apps) {
        if (!app.ok) {
          logger.error('snapshot failed', { ...app });
          continue;
        }
        logger.info('snapshot written', { ...snapshotWrittenKeys(app) });
        const { digest } = app;
        for (const { message, ...anomaly } of digest.anomalies) {
          logger.warn('anomaly found', { sdkAppId: app.sdkAppId, ...anomaly, detail: message });
        }
      }
    },
  };
}

/** The run's metrics and the written apps' figures `level` keeps (EMF, flushed by the handler and here). */
function emitMetrics(
  metrics: Metrics,
  appMetrics: Metrics,
  now: Date,
  level: AppMetricsLevel,
): AfterRunStep {
  return {
    name: 'metrics',
    run(summary) {
      recordRunMetrics(metrics, summary);
      publishAppMetrics(appMetrics, summary, now, level);
    },
  };
}

/** One log line per webhook (its URL redacted) and the count of those that failed. */
function reportPosts(logger: Logger, metrics: Metrics, results: readonly WebhookResult[]): void {
  for (const result of results) {
    const fields = {
      webhook: `notify[${result.index}]`,
      kind: result.kind,
      url: result.url,
      attempts: result.attempts,
    };
    if (result.ok) logger.info('chat digest posted', fields);
    else logger.error('chat digest not posted', { ...fields, problem: result.problem });
  }
  recordNotifyFailures(metrics, results.filter((r) => !r.ok).length);
}

/** Where the e-mail sends its reader: the dashboard, and how to make the report of the bucket. */
function mailLinks(config: LambdaConfig): MailLinks {
  const report = `${reportCommand(config.bucketName, config.settings.prefix, config.region)}   (in a clone of chat-opsdata, with the QueryPolicyArn permissions)`;
  return { ...(config.dashboardUrl ? { dashboardUrl: config.dashboardUrl } : {}), report };
}

/**
 * The digest e-mail: one SNS message to the digest topic, once per run date — the first run of
 * the day that gets here claims it (claim-once.ts); a retry or a second run does not send it again.
 */
function mailDigest(
  sns: SNSClient,
  topicArn: string,
  links: MailLinks,
  logger: Logger,
  signal: AbortSignal,
): AfterRunStep {
  return {
    name: 'digest e-mail',
    async run(summary, context) {
      const sent = await onceForTheDay(context, 'digest', async () => {
        const messageId = await publishDigest(sns, topicArn, summary, links, { signal });
        logger.info('digest published', { topicArn, messageId });
      });
      if (sent === 'already sent') {
        logger.info('digest already sent for this run date', { dt: summary.dt, topicArn });
      }
    },
  };
}
