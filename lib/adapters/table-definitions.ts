/**
 * The DynamoDB tables of psp-audit, in one place: tests, the local stack and the CloudFormation
 * fragment (infra/dynamodb.yml, checked against this file by table-definitions.test.ts) share
 * them.
 *
 * Findings table (single-table design, every key a string):
 * - finding     pk `F#<id>`, sk `F`; GSI keys below, sort key `ts` = `<time ISO>#<id>`.
 * - alert claim pk `F#<id>`, sk `ALERT` (alertClaimedAt, expiresAt).
 * - hour bucket pk `B#<cluster>`, sk `<hour ISO>`; `dpk` = `BUCKETS#<day>`, `ts` = `<hour>#<cluster>`
 *   so the buckets of every cluster are read through the day index, never a Scan.
 * GSIs (all project ALL, all sorted by `ts`):
 * - byCluster   cpk `C#<cluster>`
 * - byNamespace npk `N#<namespace>`
 * - byUser      upk `U#<user>`
 * - byTypeDay   tpk `T#<type>#<YYYY-MM-DD>` (a type alone would make four hot partitions)
 * - byDay       dpk `D#<YYYY-MM-DD>` (findings) or `BUCKETS#<YYYY-MM-DD>` (hour buckets)
 *
 * Policies table: pk `META`/`V#<version>`, sk `META` or `C#<chunk>`; no index.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const FINDING_INDEXES = {
  byCluster: 'cpk',
  byNamespace: 'npk',
  byUser: 'upk',
  byTypeDay: 'tpk',
  byDay: 'dpk',
} as const;

export type FindingIndexName = keyof typeof FINDING_INDEXES;

/** The sort key every findings index shares. */
export const INDEX_SORT_KEY = 'ts';

export function findingsTableDefinition(tableName: string): CreateTableCommandInput {
  const indexes = Object.entries(FINDING_INDEXES);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: INDEX_SORT_KEY, AttributeType: 'S' },
      ...indexes.map(([, key]) => ({ AttributeName: key, AttributeType: 'S' as const })),
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map(([name, key]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: key, KeyType: 'HASH' },
        { AttributeName: INDEX_SORT_KEY, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

export function policiesTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  };
}

/** The attribute DynamoDB's TTL deletes expired items by (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';
