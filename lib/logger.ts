/**
 * The one Powertools Logger and Metrics of psp-audit's Lambda functions. Constant messages,
 * values in keys, so Logs Insights can group by message. The core never logs: edges do.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'psp-audit',
});

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PspAudit',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'psp-audit',
});
