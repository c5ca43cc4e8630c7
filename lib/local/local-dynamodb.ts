/**
 * DynamoDB for the local stack: dynalite in-process, its data on disk in a git-ignored folder,
 * the tables created as infra/ declares them. Also used by the CLI's local commands.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { findingsTableDefinition, policiesTableDefinition } from '../adapters/table-definitions.ts';

export const LOCAL_TABLES = {
  findings: 'psp-audit-local-findings',
  policies: 'psp-audit-local-policies',
};

/** Credentials and region that mean nothing outside this machine. */
export function createLocalDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export interface LocalDynamoDb {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1 (port 0 = any free port), keeping its data in `path`. */
export async function startLocalDynamoDb(options: {
  path: string;
  port?: number;
}): Promise<LocalDynamoDb> {
  await mkdir(options.path, { recursive: true });
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Creates the findings and policies tables unless they exist. */
export async function ensureLocalTables(client: DynamoDBClient): Promise<void> {
  for (const input of [
    findingsTableDefinition(LOCAL_TABLES.findings),
    policiesTableDefinition(LOCAL_TABLES.policies),
  ]) {
    try {
      await client.send(new CreateTableCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
}
