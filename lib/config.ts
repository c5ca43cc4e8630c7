/**
 * Configuration read once from the environment. Each edge asks for the settings it needs;
 * a missing or invalid variable is a ConfigError that lists every problem, not just the first.
 */
import { ConfigError } from './errors.ts';

export interface Config {
  findingsTable: string;
  policiesTable: string;
  alertsTopicArn: string;
  digestTopicArn: string;
  /** PSS level the ingest and digests evaluate against, `level[@version]`. */
  pss: string;
  retentionDays: number;
  /** How long the ingest trusts its cached policy set before asking for the version again. */
  policyRefreshSeconds: number;
  /** Used when the log group is not `/aws/eks/<cluster>/cluster` (Kinesis, replay). */
  defaultCluster: string;
  /** Local stack only: endpoints of the emulators, and the folder SNS messages are written to. */
  dynamodbEndpoint?: string;
  snsEndpoint?: string;
  localOutboxDir?: string;
}

const variables = {
  findingsTable: 'FINDINGS_TABLE',
  policiesTable: 'POLICIES_TABLE',
  alertsTopicArn: 'ALERTS_TOPIC_ARN',
  digestTopicArn: 'DIGEST_TOPIC_ARN',
} as const;

export type RequiredSetting = keyof typeof variables;

function positiveInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    problems.push(`${name} must be a positive whole number, got "${raw}"`);
    return fallback;
  }
  return value;
}

/** Reads the configuration; throws a ConfigError naming every missing or invalid variable. */
export function loadConfig(
  required: readonly RequiredSetting[],
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const problems: string[] = [];
  for (const key of required) {
    const name = variables[key];
    if (env[name] === undefined || env[name] === '') problems.push(`${name} is not set`);
  }
  const config: Config = {
    findingsTable: env.FINDINGS_TABLE ?? '',
    policiesTable: env.POLICIES_TABLE ?? '',
    alertsTopicArn: env.ALERTS_TOPIC_ARN ?? '',
    digestTopicArn: env.DIGEST_TOPIC_ARN ?? '',
    pss: env.PSS_LEVEL || 'restricted@latest',
    retentionDays: positiveInteger(env, 'RETENTION_DAYS', 90, problems),
    policyRefreshSeconds: positiveInteger(env, 'POLICY_REFRESH_SECONDS', 30, problems),
    defaultCluster: env.CLUSTER_NAME || 'unknown',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    snsEndpoint: env.SNS_ENDPOINT || undefined,
    localOutboxDir: env.LOCAL_OUTBOX_DIR || undefined,
  };
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return config;
}
