/**
 * Builds the adapters once per cold start from the environment. In AWS: DynamoDB and SNS. In the
 * local stack (DYNAMODB_ENDPOINT / LOCAL_OUTBOX_DIR set): the local dynalite and the outbox folder.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDbFindingStore } from '../../lib/adapters/dynamodb-finding-store.ts';
import { DynamoDbPolicyStore } from '../../lib/adapters/dynamodb-policy-store.ts';
import { SnsNotifier } from '../../lib/adapters/sns-notifier.ts';
import { type Config, loadConfig, type RequiredSetting } from '../../lib/config.ts';
import { OutboxNotifier } from '../../lib/local/outbox-notifier.ts';
import { PolicyCache } from '../../lib/pipeline/policy-cache.ts';
import {
  type Clock,
  type FindingStore,
  type Notifier,
  type PolicyStore,
  systemClock,
} from '../../lib/ports.ts';

export interface Wiring {
  config: Config;
  clock: Clock;
  findings: FindingStore;
  policies: PolicyStore;
  policyCache: PolicyCache;
  notifier: Notifier;
}

let wired: Wiring | undefined;

function localCredentials(endpoint: string | undefined) {
  return endpoint === undefined
    ? {}
    : { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

/** The adapters of this container, built on first use from the environment. */
export function wiring(
  required: readonly RequiredSetting[] = ['findingsTable', 'policiesTable'],
): Wiring {
  if (wired !== undefined) return wired;
  const config = loadConfig(required);
  const clock = systemClock;
  const region = process.env.AWS_REGION ?? (config.dynamodbEndpoint ? 'local' : undefined);
  const dynamodb = new DynamoDBClient({ region, ...localCredentials(config.dynamodbEndpoint) });
  const findings = new DynamoDbFindingStore({
    client: dynamodb,
    tableName: config.findingsTable,
    retentionDays: config.retentionDays,
    clock,
  });
  const policies = new DynamoDbPolicyStore({
    client: dynamodb,
    tableName: config.policiesTable,
    clock,
  });
  const notifier: Notifier =
    config.localOutboxDir !== undefined
      ? new OutboxNotifier({
          dir: config.localOutboxDir,
          announce: (line) => process.stdout.write(`  ${line}\n`),
        })
      : new SnsNotifier({
          client: new SNSClient({ region, ...localCredentials(config.snsEndpoint) }),
          alertsTopicArn: config.alertsTopicArn,
          digestTopicArn: config.digestTopicArn,
        });
  const policyCache = new PolicyCache({
    store: policies,
    clock,
    refreshSeconds: config.policyRefreshSeconds,
  });
  wired = { config, clock, findings, policies, policyCache, notifier };
  return wired;
}

/** Forgets the adapters (tests and the local stack, after changing the environment). */
export function resetWiring(): void {
  wired = undefined;
}
