/**
 * PolicyStore on DynamoDB. Every change is a new version, old versions are kept (findings record
 * the version they were evaluated with):
 * - `META`/`META`: `counter` (atomic ADD, the source of version numbers) and `current`.
 * - `V#<version>`/`META`: importedAt, objectCount, chunks.
 * - `V#<version>`/`C#<n>`: the set's JSON, cut into pieces well under the 400 KB item limit.
 * A version becomes current only once all its items are written, by a conditional update that
 * fails when another change became current meanwhile (the change is then redone on top of it).
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { PspAuditError } from '../errors.ts';
import type { PolicySet } from '../policy-set.ts';
import type { Clock, PolicyStore, StoredPolicySetSummary } from '../ports.ts';
import { isConditionFailure, queryAllRows } from './dynamodb-expression.ts';
import {
  formatVersion,
  mergeObjects,
  refsOf,
  removeObject,
  toPolicySet,
} from './policy-objects.ts';

export interface DynamoDbPolicyStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  /** UTF-16 code units of JSON per chunk item (at most 3 bytes each in UTF-8). */
  chunkChars?: number;
}

const META_KEY = { pk: 'META', sk: 'META' };
const DEFAULT_CHUNK_CHARS = 100_000;
const COMMIT_ATTEMPTS = 3;

export class DynamoDbPolicyStore implements PolicyStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #chunkChars: number;

  constructor(options: DynamoDbPolicyStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#clock = options.clock;
    this.#chunkChars = options.chunkChars ?? DEFAULT_CHUNK_CHARS;
  }

  async current(): Promise<PolicySet> {
    const version = await this.currentVersion();
    if (version === null) return toPolicySet([], null);
    const { objects } = await this.#readVersion(version);
    return toPolicySet(objects, version);
  }

  async currentVersion(): Promise<string | null> {
    const out = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: marshall(META_KEY),
        ConsistentRead: true,
        ProjectionExpression: '#current',
        ExpressionAttributeNames: { '#current': 'current' },
      }),
    );
    const current = out.Item === undefined ? undefined : unmarshall(out.Item).current;
    return typeof current === 'string' ? current : null;
  }

  async list(): Promise<StoredPolicySetSummary | null> {
    const version = await this.currentVersion();
    if (version === null) return null;
    const { objects, importedAt } = await this.#readVersion(version);
    return { version, importedAt, objects: refsOf(objects) };
  }

  importObjects(objects: readonly unknown[]): Promise<StoredPolicySetSummary> {
    return this.#commit((current) => mergeObjects(current, objects));
  }

  remove(kind: string, name: string, namespace?: string): Promise<StoredPolicySetSummary> {
    return this.#commit((current) => removeObject(current, kind, name, namespace));
  }

  async #commit(change: (current: unknown[]) => unknown[]): Promise<StoredPolicySetSummary> {
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const base = await this.currentVersion();
      const current = base === null ? [] : (await this.#readVersion(base)).objects;
      const next = change(current);
      const version = formatVersion(await this.#nextCounter());
      const importedAt = this.#clock.now().toISOString();
      await this.#writeVersion(version, importedAt, next);
      if (await this.#makeCurrent(version, base)) {
        return { version, importedAt, objects: refsOf(next) };
      }
    }
    throw new PspAuditError(
      `policy store: the policy set changed under ${COMMIT_ATTEMPTS} attempts to change it`,
    );
  }

  async #nextCounter(): Promise<number> {
    const out = await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: marshall(META_KEY),
        UpdateExpression: 'ADD #counter :one',
        ExpressionAttributeNames: { '#counter': 'counter' },
        ExpressionAttributeValues: marshall({ ':one': 1 }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const counter = unmarshall(out.Attributes ?? {}).counter;
    if (typeof counter !== 'number') throw new PspAuditError('policy store: no version counter');
    return counter;
  }

  async #writeVersion(version: string, importedAt: string, objects: unknown[]): Promise<void> {
    const pieces = cutJson(JSON.stringify(objects), this.#chunkChars);
    const put = (item: Record<string, unknown>) =>
      this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: marshall(item),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    for (const [index, data] of pieces.entries()) {
      await put({ pk: `V#${version}`, sk: chunkSk(index), data });
    }
    await put({
      pk: `V#${version}`,
      sk: 'META',
      version,
      importedAt,
      objectCount: objects.length,
      chunks: pieces.length,
    });
  }

  async #makeCurrent(version: string, base: string | null): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: marshall(META_KEY),
          UpdateExpression: 'SET #current = :version',
          ConditionExpression:
            base === null ? 'attribute_not_exists(#current)' : '#current = :base',
          ExpressionAttributeNames: { '#current': 'current' },
          ExpressionAttributeValues: marshall(
            base === null ? { ':version': version } : { ':version': version, ':base': base },
          ),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async #readVersion(version: string): Promise<{ objects: unknown[]; importedAt: string }> {
    const rows = await queryAllRows(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': `V#${version}` }),
      ConsistentRead: true,
    });
    const header = rows.find((row) => row.sk === 'META');
    const chunks = rows
      .filter((row) => String(row.sk).startsWith('C#'))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
    if (header === undefined || header.chunks !== chunks.length) {
      throw new PspAuditError(
        `policy store: version ${version} is incomplete (${chunks.length} of ${String(header?.chunks)} chunks)`,
      );
    }
    const objects = JSON.parse(chunks.map((chunk) => String(chunk.data)).join('')) as unknown[];
    return { objects, importedAt: String(header.importedAt) };
  }
}

function chunkSk(index: number): string {
  return `C#${String(index).padStart(4, '0')}`;
}

/** Cuts a string into pieces of at most `size` code units, never inside a surrogate pair. */
export function cutJson(json: string, size: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < json.length) {
    let end = Math.min(start + size, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(json.slice(start, end));
    start = end;
  }
  return pieces;
}
