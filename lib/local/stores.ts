/**
 * The local store shared by `npm start` and the CLI's local commands (`policies`, `digest`):
 * dynalite with its data in `.local/dynamodb`. While `npm start` runs it owns the files and
 * writes its endpoint to `.local/endpoint.json`; the CLI then talks to that server instead.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DynamoDbFindingStore } from '../adapters/dynamodb-finding-store.ts';
import { DynamoDbPolicyStore } from '../adapters/dynamodb-policy-store.ts';
import { PspAuditError } from '../errors.ts';
import { type Clock, type FindingStore, type PolicyStore, systemClock } from '../ports.ts';
import {
  createLocalDynamoDbClient,
  ensureLocalTables,
  LOCAL_TABLES,
  startLocalDynamoDb,
} from './local-dynamodb.ts';

/** `.local/` in the project root, or LOCAL_DIR. */
export function localDir(): string {
  return resolve(process.env.LOCAL_DIR ?? '.local');
}

const endpointFile = () => join(localDir(), 'endpoint.json');

export interface LocalStores {
  endpoint: string;
  findings: FindingStore;
  policies: PolicyStore;
  close(): Promise<void>;
}

async function runningEndpoint(): Promise<string | null> {
  try {
    const { endpoint } = JSON.parse(await readFile(endpointFile(), 'utf8')) as { endpoint: string };
    const response = await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(500) });
    return response.status > 0 ? endpoint : null;
  } catch {
    return null;
  }
}

export function createLocalStores(endpoint: string, clock: Clock = systemClock) {
  const client = createLocalDynamoDbClient(endpoint);
  return {
    client,
    findings: new DynamoDbFindingStore({
      client,
      tableName: LOCAL_TABLES.findings,
      retentionDays: 90,
      clock,
    }),
    policies: new DynamoDbPolicyStore({ client, tableName: LOCAL_TABLES.policies, clock }),
  };
}

/**
 * Opens the local store: the running `npm start`'s server when there is one, else the on-disk
 * data directly (`own: true` then means the caller owns the server and its files).
 */
export async function openLocalStores(options: { publish?: boolean } = {}): Promise<LocalStores> {
  const running = options.publish ? null : await runningEndpoint();
  if (running !== null) {
    const { client, findings, policies } = createLocalStores(running);
    return { endpoint: running, findings, policies, close: async () => client.destroy() };
  }
  let server: Awaited<ReturnType<typeof startLocalDynamoDb>>;
  try {
    server = await startLocalDynamoDb({
      path: join(localDir(), 'dynamodb'),
      port: options.publish ? Number(process.env.DYNAMODB_PORT ?? 0) : 0,
    });
  } catch (error) {
    throw new PspAuditError(
      `cannot open the local store in ${join(localDir(), 'dynamodb')}: ${(error as Error).message} (is another psp-audit process using it?)`,
      { cause: error },
    );
  }
  const { client, findings, policies } = createLocalStores(server.endpoint);
  await ensureLocalTables(client);
  if (options.publish) {
    await writeFile(endpointFile(), `${JSON.stringify({ endpoint: server.endpoint })}\n`);
  }
  return {
    endpoint: server.endpoint,
    findings,
    policies,
    close: async () => {
      client.destroy();
      if (options.publish) await rm(endpointFile(), { force: true });
      await server.close();
    },
  };
}
