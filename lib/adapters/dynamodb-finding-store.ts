/**
 * FindingStore on DynamoDB (key design in table-definitions.ts). Writes are conditional puts, so a
 * redelivered audit event is the same finding stored once; hour buckets are ADD counters so a
 * week's digest reads 168 items, not findings; every read is a GetItem or a Query, never a Scan.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { PspAuditError } from '../errors.ts';
import type { Finding, HourBucket } from '../findings.ts';
import type { Clock, FindingPage, FindingQuery, FindingStore, SaveResult } from '../ports.ts';
import {
  addFinding,
  type BucketLimits,
  DEFAULT_BUCKET_LIMITS,
  type Increments,
  resolveHour,
} from './bucket-counts.ts';
import { Expression, isConditionFailure } from './dynamodb-expression.ts';
import {
  COUNTERS_PER_UPDATE,
  chunkIncrements,
  DynamoDbHourBuckets,
} from './dynamodb-hour-buckets.ts';
import {
  dayOf,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  isInWindow,
  type ResolvedQuery,
  resolveQuery,
  resolveWindow,
  sortKeyOf,
  walkDaysBackwards,
} from './finding-query.ts';
import { FINDING_INDEXES, type FindingIndexName } from './table-definitions.ts';

export interface DynamoDbFindingStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Findings, claims and buckets expire this many days after their time (DynamoDB TTL). */
  retentionDays: number;
  clock: Clock;
  bucketLimits?: BucketLimits;
  /**
   * How old an unconfirmed alert claim must be before another delivery may take it over: the
   * ingest function's timeout (default 60 s), so a retry after a crash sends the alert.
   */
  alertLeaseSeconds?: number;
}

const FINDING_SK = 'F';
const ALERT_SK = 'ALERT';
/** Round trips one page may take (plus one per day walked) before it returns, with a cursor. */
const MAX_CALLS_PER_PAGE = 10;
/** Items evaluated per Query when a FilterExpression drops some of them. */
const FILTERED_READ = 200;
const WRITE_CONCURRENCY = 10;
const MAX_FINDING_BYTES = 300_000;

type Row = Record<string, unknown>;

/** How a query is served: one index, its partitions newest first, and what is filtered. */
interface QueryPlan {
  index: FindingIndexName;
  keyAttribute: string;
  partitions: string[];
  since?: string;
  until?: string;
  filters: { attribute: keyof Finding; value: string }[];
}

export class DynamoDbFindingStore implements FindingStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #retentionSeconds: number;
  readonly #alertLeaseMs: number;
  readonly #clock: Clock;
  readonly #buckets: DynamoDbHourBuckets;

  constructor(options: DynamoDbFindingStoreOptions) {
    if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1) {
      throw new PspAuditError(
        `DynamoDbFindingStore: retentionDays must be a positive integer, got ${options.retentionDays}`,
      );
    }
    this.#client = options.client;
    this.#table = options.tableName;
    this.#retentionSeconds = options.retentionDays * 86_400;
    this.#alertLeaseMs = (options.alertLeaseSeconds ?? 60) * 1000;
    this.#clock = options.clock;
    this.#buckets = new DynamoDbHourBuckets({
      client: options.client,
      tableName: options.tableName,
      retentionSeconds: this.#retentionSeconds,
      limits: options.bucketLimits ?? DEFAULT_BUCKET_LIMITS,
    });
  }

  async save(findings: readonly Finding[]): Promise<SaveResult> {
    const unique = [...new Map(findings.map((f) => [f.id, f] as const)).values()];
    const outcomes = await mapLimit(unique, WRITE_CONCURRENCY, (f) => this.#store(f));
    const stored = outcomes.filter((o) => o === 'stored').length;
    await this.#count(unique.filter((_, i) => outcomes[i] !== 'duplicate'));
    return { stored, duplicates: findings.length - stored };
  }

  /**
   * Claim-then-count: the finding is put together with its `counted` claim, and the hour bucket
   * is ADDed afterwards. A crash between the two leaves the finding claimed but not counted: the
   * counters err low, never double. When the ADD is refused outright (nothing written) the claim
   * is given back, and `recounted` is a redelivered finding whose claim was given back.
   */
  async #store(finding: Finding): Promise<'stored' | 'recounted' | 'duplicate'> {
    const now = this.#clock.now().toISOString();
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: marshall(this.#findingItem(finding, now), { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'stored';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: marshall({ pk: findingPk(finding.id), sk: FINDING_SK }),
          UpdateExpression: 'SET counted = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(counted)',
          ExpressionAttributeValues: marshall({ ':now': now }),
        }),
      );
      return 'recounted';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  #findingItem(finding: Finding, now: string): Row {
    const time = new Date(Date.parse(finding.time));
    if (Number.isNaN(time.getTime())) {
      throw new PspAuditError(
        `finding ${finding.id}: time must be ISO 8601, got "${finding.time}"`,
      );
    }
    const day = dayOf(time.toISOString());
    return {
      pk: findingPk(finding.id),
      sk: FINDING_SK,
      ts: sortKeyOf(finding.time, finding.id),
      cpk: `C#${finding.cluster}`,
      npk: `N#${finding.namespace}`,
      upk: `U#${finding.user}`,
      tpk: `T#${finding.type}#${day}`,
      dpk: `D#${day}`,
      f: fitItem(finding),
      counted: now,
      expiresAt: Math.floor(time.getTime() / 1000) + this.#retentionSeconds,
    };
  }

  async #count(findings: readonly Finding[]): Promise<void> {
    const buckets = new Map<
      string,
      { cluster: string; hour: string; increments: Increments; ids: string[] }
    >();
    for (const finding of findings) {
      const hour = resolveHour(finding.time);
      const id = `${finding.cluster}\u0000${hour}`;
      let bucket = buckets.get(id);
      if (bucket === undefined) {
        bucket = { cluster: finding.cluster, hour, increments: new Map(), ids: [] };
        buckets.set(id, bucket);
      }
      addFinding(bucket.increments, finding);
      bucket.ids.push(finding.id);
    }
    const results = await Promise.allSettled(
      [...buckets.values()].map((bucket) => this.#countBucket(bucket)),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed[0] !== undefined) {
      throw new PspAuditError(
        `${failed.length} of ${results.length} hour buckets could not be counted`,
        { cause: failed[0].reason },
      );
    }
  }

  async #countBucket(bucket: {
    cluster: string;
    hour: string;
    increments: Increments;
    ids: string[];
  }): Promise<void> {
    let applied = false;
    try {
      for (const chunk of chunkIncrements(bucket.increments, COUNTERS_PER_UPDATE)) {
        await this.#buckets.add(bucket.cluster, bucket.hour, chunk);
        applied = true;
      }
    } catch (error) {
      // Give the claims back only when nothing of this bucket was written: counting again on
      // redelivery must not add a second time what a first part already added.
      if (!applied && isRefused(error)) {
        await Promise.allSettled(bucket.ids.map((id) => this.#releaseCounted(id)));
      }
      throw error;
    }
  }

  async #releaseCounted(id: string): Promise<void> {
    await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: marshall({ pk: findingPk(id), sk: FINDING_SK }),
        UpdateExpression: 'REMOVE counted',
      }),
    );
  }

  async get(id: string): Promise<Finding | null> {
    const out = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: marshall({ pk: findingPk(id), sk: FINDING_SK }),
        ConsistentRead: true,
        ProjectionExpression: 'f',
      }),
    );
    return out.Item === undefined ? null : (unmarshall(out.Item).f as Finding);
  }

  async query(input: FindingQuery): Promise<FindingPage> {
    const query = resolveQuery(input);
    const plan = this.#plan(query);
    if (plan.partitions.length === 0) return { items: [], cursor: null };
    let { partition, key } = this.#start(plan, query.cursor);
    const items: Finding[] = [];
    let exhausted = false;
    for (
      let calls = 0;
      items.length < query.limit && calls < MAX_CALLS_PER_PAGE + plan.partitions.length;
      calls++
    ) {
      const remaining = query.limit - items.length;
      const out = await this.#queryPartition(plan, partition, key, remaining, query.cursor);
      const rows = (out.Items ?? []).map((item) => unmarshall(item));
      const kept = rows.slice(0, remaining);
      for (const row of kept) items.push(row.f as Finding);
      const last = kept.at(-1);
      if (kept.length < rows.length && last !== undefined) {
        key = keyOfRow(plan, last);
        break;
      }
      if (out.LastEvaluatedKey !== undefined) {
        key = unmarshall(out.LastEvaluatedKey) as Record<string, string>;
        continue;
      }
      partition += 1;
      key = undefined;
      if (partition >= plan.partitions.length) {
        exhausted = true;
        break;
      }
    }
    const cursor = exhausted
      ? null
      : encodeCursor({ v: 1, i: plan.index, p: plan.partitions[partition], k: key ?? null });
    return { items, cursor };
  }

  /** The most selective index first: user, namespace, cluster, then type by day, then by day. */
  #plan(query: ResolvedQuery): QueryPlan {
    const filters = (skip: keyof Finding): QueryPlan['filters'] =>
      (['cluster', 'namespace', 'user', 'type'] as const)
        .filter((attribute) => attribute !== skip && query[attribute] !== undefined)
        .map((attribute) => ({ attribute, value: query[attribute] as string }));
    const single = (
      index: FindingIndexName,
      partition: string,
      skip: keyof Finding,
    ): QueryPlan => ({
      index,
      keyAttribute: FINDING_INDEXES[index],
      partitions: [partition],
      ...window(query.since, query.until),
      filters: filters(skip),
    });
    if (query.user !== undefined) return single('byUser', `U#${query.user}`, 'user');
    if (query.namespace !== undefined) {
      return single('byNamespace', `N#${query.namespace}`, 'namespace');
    }
    if (query.cluster !== undefined) return single('byCluster', `C#${query.cluster}`, 'cluster');
    const { since, until } = resolveWindow(
      query,
      this.#clock.now(),
      this.#retentionSeconds / 86_400 + 1,
    );
    const days = walkDaysBackwards(since, until);
    const type = query.type;
    const index: FindingIndexName = type === undefined ? 'byDay' : 'byTypeDay';
    return {
      index,
      keyAttribute: FINDING_INDEXES[index],
      partitions: days.map((day) => (type === undefined ? `D#${day}` : `T#${type}#${day}`)),
      since,
      until,
      filters: [],
    };
  }

  /** Where a page starts: the first partition, or where the cursor says (validated). */
  #start(
    plan: QueryPlan,
    cursor: string | undefined,
  ): { partition: number; key?: Record<string, string> } {
    if (cursor === undefined) return { partition: 0 };
    const value = decodeCursor(cursor);
    const partition = typeof value.p === 'string' ? plan.partitions.indexOf(value.p) : -1;
    if (value.v !== 1 || value.i !== plan.index || partition < 0) throw invalidCursor();
    if (value.k === null) return { partition };
    const key = value.k;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalidCursor();
    const expected = ['pk', 'sk', 'ts', plan.keyAttribute].sort();
    const entries = Object.entries(key as Record<string, unknown>);
    const valid =
      entries.length === expected.length &&
      entries.every(([name, v]) => expected.includes(name) && typeof v === 'string') &&
      (key as Record<string, string>)[plan.keyAttribute] === value.p &&
      (key as Record<string, string>).sk === FINDING_SK &&
      (key as Record<string, string>).pk?.startsWith('F#') === true &&
      isInWindow((key as Record<string, string>).ts ?? '', plan.since, plan.until);
    if (!valid) throw invalidCursor();
    return { partition, key: key as Record<string, string> };
  }

  async #queryPartition(
    plan: QueryPlan,
    partition: number,
    key: Record<string, string> | undefined,
    remaining: number,
    cursor: string | undefined,
  ) {
    const expression = new Expression();
    const pk = `${expression.name(plan.keyAttribute)} = ${expression.value(plan.partitions[partition])}`;
    let range = '';
    if (plan.since !== undefined && plan.until !== undefined) {
      range = ` AND ${expression.name('ts')} BETWEEN ${expression.value(plan.since)} AND ${expression.value(plan.until)}`;
    } else if (plan.since !== undefined) {
      range = ` AND ${expression.name('ts')} >= ${expression.value(plan.since)}`;
    } else if (plan.until !== undefined) {
      range = ` AND ${expression.name('ts')} < ${expression.value(plan.until)}`;
    }
    const filter = plan.filters
      .map(
        (f) =>
          `${expression.name('f')}.${expression.name(f.attribute)} = ${expression.value(f.value)}`,
      )
      .join(' AND ');
    const input: QueryCommandInput = {
      TableName: this.#table,
      IndexName: plan.index,
      KeyConditionExpression: pk + range,
      ScanIndexForward: false,
      Limit: filter === '' ? remaining : Math.max(remaining, FILTERED_READ),
      ...(filter === '' ? {} : { FilterExpression: filter }),
      ...(key === undefined ? {} : { ExclusiveStartKey: marshall(key) }),
      ...expression.attributes(),
    };
    try {
      return await this.#client.send(new QueryCommand(input));
    } catch (error) {
      // A cursor that passed validation but still does not fit the query (DynamoDB's own check).
      if (cursor !== undefined && (error as Error).name === 'ValidationException') {
        throw invalidCursor(error);
      }
      throw error;
    }
  }

  readBuckets(cluster: string | undefined, from: Date, to: Date): Promise<HourBucket[]> {
    return this.#buckets.read(cluster, from, to);
  }

  async claimAlert(findingId: string): Promise<boolean> {
    const now = this.#clock.now();
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: marshall({ pk: findingPk(findingId), sk: ALERT_SK }),
          UpdateExpression: 'SET alertClaimedAt = :now, expiresAt = :expires',
          ConditionExpression:
            'attribute_not_exists(alertClaimedAt) OR (attribute_not_exists(alertSentAt) AND alertClaimedAt < :stale)',
          ExpressionAttributeValues: marshall({
            ':now': now.toISOString(),
            ':stale': new Date(now.getTime() - this.#alertLeaseMs).toISOString(),
            ':expires': Math.floor(now.getTime() / 1000) + this.#retentionSeconds,
          }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async confirmAlert(findingId: string): Promise<void> {
    await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: marshall({ pk: findingPk(findingId), sk: ALERT_SK }),
        UpdateExpression: 'SET alertSentAt = :now',
        ConditionExpression: 'attribute_exists(alertClaimedAt)',
        ExpressionAttributeValues: marshall({ ':now': this.#clock.now().toISOString() }),
      }),
    );
  }

  async releaseAlert(findingId: string): Promise<void> {
    await this.#client.send(
      new DeleteItemCommand({
        TableName: this.#table,
        Key: marshall({ pk: findingPk(findingId), sk: ALERT_SK }),
      }),
    );
  }
}

/**
 * A finding whose JSON would not fit in one item (400 KB) is stored without its details rather
 * than failing the batch again on every retry.
 */
function fitItem(finding: Finding): Finding {
  if (Buffer.byteLength(JSON.stringify(finding), 'utf8') <= MAX_FINDING_BYTES) return finding;
  return { ...finding, details: { truncated: 'details exceeded the DynamoDB item size limit' } };
}

function findingPk(id: string): string {
  return `F#${id}`;
}

function window(since?: string, until?: string): { since?: string; until?: string } {
  return { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

function keyOfRow(plan: QueryPlan, row: Row): Record<string, string> {
  return {
    pk: String(row.pk),
    sk: String(row.sk),
    ts: String(row.ts),
    [plan.keyAttribute]: String(row[plan.keyAttribute]),
  };
}

/** True when the request was rejected before anything was written (not a lost response). */
function isRefused(error: unknown): boolean {
  if (error instanceof PspAuditError) return true;
  return (error as { $fault?: string } | undefined)?.$fault === 'client';
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
