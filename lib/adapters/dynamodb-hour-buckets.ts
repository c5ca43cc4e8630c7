/**
 * Hour buckets in the findings table: one item per cluster and hour (pk `B#<cluster>`, sk the
 * hour), each counter a top-level attribute `<dimension>:<key>` so ADD creates it (ADD cannot
 * create a key inside a map that does not exist yet). `<dimension>#keys` and `#bytes` track the
 * distinct keys so one item stays far below 400 KB. Buckets carry `dpk` `BUCKETS#<day>` and `ts`
 * `<hour>#<cluster>`, which puts them in the byDay index: all clusters are read without a Scan.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { PspAuditError } from '../errors.ts';
import type { HourBucket } from '../findings.ts';
import {
  type BucketLimits,
  DIMENSIONS,
  type Dimension,
  emptyBucket,
  foldIncrements,
  type Increments,
  resolveHour,
} from './bucket-counts.ts';
import { Expression, isConditionFailure, queryAllRows } from './dynamodb-expression.ts';
import { dayOf, walkDaysBackwards } from './finding-query.ts';

/** Optimistic rounds per bucket update; N writers adding new keys at once need up to N. */
const BUCKET_ATTEMPTS = 20;
/** Counters per UpdateItem: keeps expressions far below DynamoDB's 4 KB / 300 operator limits. */
export const COUNTERS_PER_UPDATE = 50;

export interface DynamoDbHourBucketsOptions {
  client: DynamoDBClient;
  tableName: string;
  retentionSeconds: number;
  limits: BucketLimits;
}

export class DynamoDbHourBuckets {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #retentionSeconds: number;
  readonly #limits: BucketLimits;

  constructor(options: DynamoDbHourBucketsOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#retentionSeconds = options.retentionSeconds;
    this.#limits = options.limits;
  }

  /**
   * ADDs one chunk of counters. Fast path: every key already exists. Otherwise read which keys
   * and how many distinct keys each dimension holds, admit new keys under the limits (the rest
   * go to `(other)`), and write on condition that no other writer added keys meanwhile.
   */
  async add(cluster: string, hour: string, increments: Increments): Promise<void> {
    const key = marshall({ pk: bucketPk(cluster), sk: hour });
    for (let attempt = 0; attempt < BUCKET_ATTEMPTS; attempt++) {
      const fast = new Expression();
      const adds: string[] = [];
      const exists: string[] = [];
      for (const [dimension, counters] of increments) {
        for (const [k, count] of counters) {
          const name = fast.name(counterName(dimension, k));
          adds.push(`${name} ${fast.value(count)}`);
          exists.push(`attribute_exists(${name})`);
        }
      }
      try {
        await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: key,
            UpdateExpression: `ADD ${adds.join(', ')}`,
            ConditionExpression: exists.join(' AND '),
            ...fast.attributes(),
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      if (await this.#addNewCounters(key, cluster, hour, increments)) return;
    }
    throw new PspAuditError(
      `hour bucket ${cluster} ${hour} changed under ${BUCKET_ATTEMPTS} attempts to count it`,
    );
  }

  async #addNewCounters(
    key: Record<string, AttributeValue>,
    cluster: string,
    hour: string,
    increments: Increments,
  ): Promise<boolean> {
    const read = new Expression();
    const projection: string[] = [];
    for (const [dimension, counters] of increments) {
      projection.push(read.name(keysName(dimension)), read.name(bytesName(dimension)));
      for (const k of counters.keys()) projection.push(read.name(counterName(dimension, k)));
    }
    const current = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: projection.join(', '),
        ExpressionAttributeNames: read.attributes().ExpressionAttributeNames,
      }),
    );
    const item = current.Item === undefined ? {} : unmarshall(current.Item);

    const write = new Expression();
    const sets = ['cluster', 'hour', 'dpk', 'ts', 'expiresAt'].map(
      (attribute) =>
        `${write.name(attribute)} = ${write.value(this.#statics(cluster, hour)[attribute])}`,
    );
    const adds: string[] = [];
    const conditions: string[] = [];
    for (const [dimension, counters] of increments) {
      const existing = new Set(
        [...counters.keys()].filter((k) => item[counterName(dimension, k)] !== undefined),
      );
      const keyCount = Number(item[keysName(dimension)] ?? 0);
      const keyBytes = Number(item[bytesName(dimension)] ?? 0);
      const folded = foldIncrements(counters, { existing, keyCount, keyBytes }, this.#limits);
      for (const [k, count] of folded.counters) {
        adds.push(`${write.name(counterName(dimension, k))} ${write.value(count)}`);
      }
      if (folded.newKeys.length > 0) {
        const keysAttribute = write.name(keysName(dimension));
        adds.push(`${keysAttribute} ${write.value(folded.newKeys.length)}`);
        adds.push(`${write.name(bytesName(dimension))} ${write.value(folded.newKeyBytes)}`);
        conditions.push(
          item[keysName(dimension)] === undefined
            ? `attribute_not_exists(${keysAttribute})`
            : `${keysAttribute} = ${write.value(keyCount)}`,
        );
      }
    }
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
          ...write.attributes(),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  #statics(cluster: string, hour: string): Record<string, string | number> {
    return {
      cluster,
      hour,
      dpk: `BUCKETS#${dayOf(hour)}`,
      ts: `${hour}#${cluster}`,
      expiresAt: Math.floor(Date.parse(hour) / 1000) + 3600 + this.#retentionSeconds,
    };
  }

  async read(cluster: string | undefined, from: Date, to: Date): Promise<HourBucket[]> {
    if (to.getTime() <= from.getTime()) return [];
    const first = resolveHour(from);
    const last = resolveHour(new Date(to.getTime() - 1));
    const rows: Record<string, unknown>[] = [];
    if (cluster !== undefined) {
      const expression = new Expression();
      const condition = `${expression.name('pk')} = ${expression.value(bucketPk(cluster))} AND ${expression.name('sk')} BETWEEN ${expression.value(first)} AND ${expression.value(last)}`;
      rows.push(
        ...(await queryAllRows(this.#client, {
          TableName: this.#table,
          KeyConditionExpression: condition,
          ...expression.attributes(),
        })),
      );
    } else {
      for (const day of walkDaysBackwards(first, last).reverse()) {
        const expression = new Expression();
        const condition = `${expression.name('dpk')} = ${expression.value(`BUCKETS#${day}`)} AND ${expression.name('ts')} BETWEEN ${expression.value(first)} AND ${expression.value(`${last}$`)}`;
        rows.push(
          ...(await queryAllRows(this.#client, {
            TableName: this.#table,
            IndexName: 'byDay',
            KeyConditionExpression: condition,
            ...expression.attributes(),
          })),
        );
      }
    }
    return rows
      .map(toBucket)
      .sort((a, b) => a.hour.localeCompare(b.hour) || a.cluster.localeCompare(b.cluster));
  }
}

function bucketPk(cluster: string): string {
  return `B#${cluster}`;
}

function counterName(dimension: Dimension, key: string): string {
  return `${dimension}:${key}`;
}

function keysName(dimension: Dimension): string {
  return `${dimension}#keys`;
}

function bytesName(dimension: Dimension): string {
  return `${dimension}#bytes`;
}

function toBucket(row: Record<string, unknown>): HourBucket {
  const bucket = emptyBucket(String(row.cluster), String(row.hour));
  for (const [attribute, value] of Object.entries(row)) {
    const colon = attribute.indexOf(':');
    if (colon < 0) continue;
    const dimension = attribute.slice(0, colon) as Dimension;
    if (!DIMENSIONS.includes(dimension)) continue;
    bucket[dimension][attribute.slice(colon + 1)] = Number(value);
  }
  return bucket;
}

/** Increments cut into pieces of at most `size` counters, one UpdateItem each. */
export function* chunkIncrements(increments: Increments, size: number): Generator<Increments> {
  let chunk: Increments = new Map();
  let count = 0;
  for (const [dimension, counters] of increments) {
    for (const [key, value] of counters) {
      let target = chunk.get(dimension);
      if (target === undefined) {
        target = new Map();
        chunk.set(dimension, target);
      }
      target.set(key, value);
      count += 1;
      if (count === size) {
        yield chunk;
        chunk = new Map();
        count = 0;
      }
    }
  }
  if (count > 0) yield chunk;
}
