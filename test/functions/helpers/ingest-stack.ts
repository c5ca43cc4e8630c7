/**
 * The emulated AWS around the ingest handlers: a DynamoDB-compatible server (dynalite or moto),
 * fauxqs for SNS → SQS, the tables and the topic, and the environment the handlers read at first
 * use. Each `freshTables()` gives a test empty tables of its own and forgets the wired adapters,
 * so counts start at zero.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { resetIngestDeps } from '../../../functions/ingest/ingest-deps.ts';
import { resetWiring } from '../../../functions/shared/wiring.ts';
import { DynamoDbFindingStore } from '../../../lib/adapters/dynamodb-finding-store.ts';
import { DynamoDbPolicyStore } from '../../../lib/adapters/dynamodb-policy-store.ts';
import {
  findingsTableDefinition,
  policiesTableDefinition,
} from '../../../lib/adapters/table-definitions.ts';
import type { Finding } from '../../../lib/findings.ts';
import { parseManifestText } from '../../../lib/manifests/parse-manifest-text.ts';
import type { Clock } from '../../../lib/ports.ts';
import {
  createDynamoDbClient,
  dynamoDbServers,
  type EmulatorServer,
} from '../../helpers/dynamodb-server.ts';

export const REGION = 'us-east-1';
export const TOPIC = 'psp-audit-alerts';
export const QUEUE = 'psp-audit-alerts-test';
/** The day of the sample audit log; the suites freeze Date here so retention windows hold. */
export const SAMPLE_DAY_NOON = '2026-11-26T12:00:00.000Z';
/** Covers every event of the sample log and of the tests' own events. */
export const WINDOW = { since: '2026-11-26T00:00:00.000Z', until: '2026-11-27T00:00:00.000Z' };

const SAMPLES = fileURLToPath(new URL('../../../lib/psp/samples/', import.meta.url));
const clock: Clock = { now: () => new Date() };

/** The DynamoDB-compatible servers of this machine: dynalite always, moto when installed. */
export const servers = dynamoDbServers();

export interface DeliveredAlert {
  subject: string;
  attributes: Record<string, string>;
  /** The JSON body subscribers other than e-mail get. */
  body: { kind: string; finding: Finding };
  /** The whole SQS message body (the SNS envelope), for leak checks. */
  raw: string;
}

export interface Tables {
  findingsTable: string;
  policiesTable: string;
  findings: DynamoDbFindingStore;
  policies: DynamoDbPolicyStore;
}

export interface IngestStack {
  name: string;
  client: DynamoDBClient;
  topicArn: string;
  /**
   * An empty findings table for one test, made current in the environment (wiring forgotten).
   * The policies table holds eks-restrictive.yaml (v000001) and is shared, unless `policies`
   * asks for a table of its own with these sample files.
   */
  freshTables(options?: { policies?: readonly string[] }): Promise<Tables>;
  /** Points the handlers at other resources (a missing table or topic) and forgets the wiring. */
  setEnv(values: Record<string, string>): void;
  /** Every alert waiting in the subscribed queue, removed from it. */
  receiveAlerts(): Promise<DeliveredAlert[]>;
  /** Every item of a table, marshalled as DynamoDB returns it. */
  scan(table: string): Promise<unknown[]>;
  stop(): Promise<void>;
}

const ENV_KEYS = [
  'FINDINGS_TABLE',
  'POLICIES_TABLE',
  'ALERTS_TOPIC_ARN',
  'DIGEST_TOPIC_ARN',
  'DYNAMODB_ENDPOINT',
  'SNS_ENDPOINT',
  'AWS_REGION',
  'CLUSTER_NAME',
  'PSS_LEVEL',
  'POLICY_REFRESH_SECONDS',
  'RETENTION_DAYS',
  'LOCAL_OUTBOX_DIR',
  'POWERTOOLS_METRICS_DISABLED',
] as const;

/** Forgets the adapters built from the environment, as a new Lambda container would. */
export function forgetWiring(): void {
  resetWiring();
  resetIngestDeps();
}

/** The objects of sample policy files, as `psp-audit policies import` stores them. */
export function samplePolicyObjects(files: readonly string[]): unknown[] {
  return files.flatMap((file) =>
    parseManifestText(readFileSync(`${SAMPLES}${file}`, 'utf8'), file).map((doc) => doc.object),
  );
}

export async function startIngestStack(server: {
  name: string;
  start: () => Promise<EmulatorServer>;
}): Promise<IngestStack> {
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  const [dynamodb, fauxqs] = await Promise.all([
    server.start(),
    startFauxqs({ port: 0, logger: false, host: '127.0.0.1', defaultRegion: REGION }),
  ]);
  const client = createDynamoDbClient(dynamodb.endpoint);
  const { queueUrl } = fauxqs.createQueue(QUEUE);
  const { topicArn } = fauxqs.createTopic(TOPIC);
  fauxqs.subscribe({ topic: TOPIC, queue: QUEUE });
  const sqs = new SQSClient({
    endpoint: fauxqs.address,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    SNS_ENDPOINT: fauxqs.address,
    AWS_REGION: REGION,
    ALERTS_TOPIC_ARN: topicArn,
    DIGEST_TOPIC_ARN: topicArn,
    CLUSTER_NAME: 'kinesis-default',
    PSS_LEVEL: 'restricted@latest',
    POLICY_REFRESH_SECONDS: '30',
    RETENTION_DAYS: '30',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  delete process.env.LOCAL_OUTBOX_DIR;
  let tables = 0;
  const createPolicies = async (files: readonly string[]) => {
    tables += 1;
    const tableName = `policies-${tables}`;
    await client.send(new CreateTableCommand(policiesTableDefinition(tableName)));
    const store = new DynamoDbPolicyStore({ client, tableName, clock });
    if (files.length > 0) await store.importObjects(samplePolicyObjects(files));
    return { tableName, store };
  };
  const shared = await createPolicies(['eks-restrictive.yaml']);

  return {
    name: server.name,
    client,
    topicArn,
    async freshTables(options = {}) {
      tables += 1;
      const findingsTable = `findings-${tables}`;
      const [policies] = await Promise.all([
        options.policies === undefined ? shared : createPolicies(options.policies),
        client.send(new CreateTableCommand(findingsTableDefinition(findingsTable))),
      ]);
      process.env.FINDINGS_TABLE = findingsTable;
      process.env.POLICIES_TABLE = policies.tableName;
      process.env.ALERTS_TOPIC_ARN = topicArn;
      forgetWiring();
      const findings = new DynamoDbFindingStore({
        client,
        tableName: findingsTable,
        retentionDays: 30,
        clock,
      });
      return {
        findingsTable,
        policiesTable: policies.tableName,
        findings,
        policies: policies.store,
      };
    },
    setEnv(values) {
      Object.assign(process.env, values);
      forgetWiring();
    },
    async receiveAlerts() {
      const alerts: DeliveredAlert[] = [];
      for (;;) {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) return alerts;
        for (const message of messages) {
          alerts.push(readEnvelope(message.Body ?? ''));
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        }
      }
    },
    async scan(table) {
      const items: unknown[] = [];
      let start: Record<string, never> | undefined;
      do {
        const out = await client.send(
          new ScanCommand({ TableName: table, ExclusiveStartKey: start }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey as Record<string, never> | undefined;
      } while (start !== undefined);
      return items;
    },
    async stop() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      forgetWiring();
      client.destroy();
      sqs.destroy();
      await Promise.all([dynamodb.stop(), fauxqs.stop()]);
    },
  };
}

/**
 * The SNS envelope SQS receives (raw delivery off). A structured message (`MessageStructure:
 * 'json'`) reaches SQS as its `sqs` or `default` body on AWS; fauxqs passes the whole structure,
 * so both forms are read.
 */
function readEnvelope(raw: string): DeliveredAlert {
  const envelope = JSON.parse(raw) as {
    Subject?: string;
    Message: string;
    MessageAttributes?: Record<string, { Type: string; Value: string }>;
  };
  let body = JSON.parse(envelope.Message) as Record<string, unknown>;
  if (typeof body.default === 'string') {
    body = JSON.parse(typeof body.sqs === 'string' ? body.sqs : body.default);
  }
  return {
    subject: envelope.Subject ?? '',
    attributes: Object.fromEntries(
      Object.entries(envelope.MessageAttributes ?? {}).map(([key, value]) => [key, value.Value]),
    ),
    body: body as DeliveredAlert['body'],
    raw,
  };
}

/** Every finding of the table in the sample's day, all pages. */
export async function storedFindings(store: DynamoDbFindingStore): Promise<Finding[]> {
  const found: Finding[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const out = await store.query({ ...WINDOW, limit: 500, ...(cursor ? { cursor } : {}) });
    found.push(...out.items);
    if (out.cursor === null) return found;
    cursor = out.cursor;
  }
  throw new Error('more than 100 pages of findings');
}
