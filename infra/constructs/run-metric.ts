import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/core/metric-names.js';

/** One of the run's own metrics (functions/aws/emf-metrics.ts), for an alarm or a graph. */
export const runMetric = (metricName: string, options: cloudwatch.MetricOptions) =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    ...options,
  });
