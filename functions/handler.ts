/**
 * The Lambda entry point: read config, load the secret, take the snapshots, report.
 * Invoked daily by EventBridge Scheduler; throws when any app failed so the alarms fire.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { Agent } from 'undici';
import { type LambdaConfig, loadLambdaConfig } from './lib/config.js';
import { selectApps } from './lib/run-event.js';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './lib/run-metrics.js';
import { runFailure } from './lib/run-report.js';
import { s3Store } from './lib/s3-store.js';
import { loadSecretFromSecretsManager } from './lib/secret-source.js';
import { type RunSummary, takeSnapshots } from './lib/snapshot-pipeline.js';

const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
const s3 = new S3Client({});
const secretsManager = new SecretsManagerClient({});
const agent = new Agent({ keepAliveTimeout: 10_000, connections: 8 });

/** Time kept back from the Lambda timeout for the last writes and the metrics flush. */
const SAFETY_MARGIN_MS = 5_000;

let config: LambdaConfig | undefined;

export const handler = async (event: unknown, context: Context): Promise<RunSummary> => {
  logger.addContext(context);
  const runId = context.awsRequestId;
  logger.appendKeys({ runId });
  try {
    config ??= loadLambdaConfig();
    const apps = selectApps(
      event,
      await loadSecretFromSecretsManager(secretsManager, config.secretId),
    );
    logger.info('snapshot run started', {
      apps: apps.map((a) => a.sdkAppId),
      prefix: config.prefix,
    });

    const summary = await takeSnapshots({
      apps,
      store: s3Store(s3, config.bucketName),
      prefix: config.prefix,
      timeZone: config.timeZone,
      requestFields: config.requestFields,
      runId,
      now: new Date(),
      deadline: Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS,
      client: {
        dispatcher: agent,
        onRetry: ({ sdkAppId, attempt, delayMs, error }) =>
          logger.warn('getappinfo attempt failed, retrying', {
            sdkAppId,
            attempt,
            delayMs,
            errorCode: error.errorCode,
            error: error.message,
          }),
      },
    });

    for (const app of summary.apps) {
      if (app.ok) {
        logger.info('snapshot written', { ...app });
        metrics.addMetric(METRIC.apiLatency, MetricUnit.Milliseconds, app.latencyMs);
      } else {
        logger.error('snapshot failed', { ...app });
      }
      metrics.addMetric(METRIC.apiAttempts, MetricUnit.Count, app.attempts);
    }
    const succeeded = summary.apps.filter((app) => app.ok);
    metrics.addMetric(METRIC.snapshotsSucceeded, MetricUnit.Count, succeeded.length);
    metrics.addMetric(
      METRIC.snapshotsFailed,
      MetricUnit.Count,
      summary.apps.length - succeeded.length,
    );
    metrics.addMetric(
      METRIC.rowsWritten,
      MetricUnit.Count,
      succeeded.reduce((n, a) => n + a.rows, 0),
    );

    const failure = runFailure(summary);
    if (failure) throw failure;
    logger.info('snapshot run finished', { dt: summary.dt, apps: summary.apps.length });
    return summary;
  } catch (error) {
    logger.error('snapshot run failed', error as Error);
    throw error;
  } finally {
    metrics.publishStoredMetrics();
    logger.removeKeys(['runId']);
  }
};
