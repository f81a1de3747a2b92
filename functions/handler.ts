/**
 * The Lambda entry point, invoked daily by EventBridge Scheduler: the handler with the real
 * clients and the configuration from the environment. It throws when any app failed, so the
 * alarms fire. See lambda/snapshot-handler.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { awsClients } from './aws/clients.js';
import { APP_METRICS_NAMESPACE, METRICS_NAMESPACE, SERVICE_NAME } from './core/metric-names.js';
import { getAppInfoAgent } from './getappinfo/agent.js';
import { createSnapshotHandler } from './lambda/snapshot-handler.js';
import { loadLambdaConfig } from './settings/lambda-config.js';

// Created once per execution environment and reused by warm invocations.
const clients = awsClients();

export const handler = createSnapshotHandler({
  loadConfig: loadLambdaConfig,
  s3: clients.s3,
  secretsManager: clients.secretsManager,
  dispatcher: getAppInfoAgent(),
  logger: new Logger({ serviceName: SERVICE_NAME }),
  metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
  appMetrics: new Metrics({ namespace: APP_METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
  sns: clients.sns,
});
