/**
 * infra/dynamodb.yml (what CloudFormation creates) and table-definitions.ts (what tests and the
 * local stack create) must describe the same keys and indexes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findingsTableDefinition, policiesTableDefinition } from './table-definitions.ts';

interface CfnTable {
  Type: string;
  Properties: Record<string, unknown> & {
    TableName: string;
    AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
    KeySchema: unknown[];
    GlobalSecondaryIndexes?: { IndexName: string; KeySchema: unknown[]; Projection: unknown }[];
  };
}

const resources = (
  parse(readFileSync(new URL('../../infra/dynamodb.yml', import.meta.url), 'utf8')) as {
    Resources: Record<string, CfnTable>;
  }
).Resources;

const byName = <T extends { AttributeName?: string; IndexName?: string }>(list: T[] = []) =>
  [...list].sort((a, b) =>
    String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)),
  );

describe('infra/dynamodb.yml', () => {
  it.each([
    { logicalId: 'FindingsTable', suffix: 'findings', definition: findingsTableDefinition('x') },
    { logicalId: 'PoliciesTable', suffix: 'policies', definition: policiesTableDefinition('x') },
  ])(
    'declares $logicalId with the keys and indexes of table-definitions.ts',
    ({ logicalId, suffix, definition }) => {
      const table = resources[logicalId];

      expect(table?.Type).toBe('AWS::DynamoDB::Table');
      expect(table?.Properties.TableName).toBe(`\${self:service}-\${sls:stage}-${suffix}`);
      expect(byName(table?.Properties.AttributeDefinitions)).toEqual(
        byName(definition.AttributeDefinitions),
      );
      expect(table?.Properties.KeySchema).toEqual(definition.KeySchema);
      expect(byName(table?.Properties.GlobalSecondaryIndexes)).toEqual(
        byName(definition.GlobalSecondaryIndexes),
      );
      expect(table?.Properties.BillingMode).toBe(definition.BillingMode);
    },
  );

  it.each(['FindingsTable', 'PoliciesTable'])(
    'protects %s: on-demand, point-in-time recovery, encryption, TTL on expiresAt',
    (logicalId) => {
      const properties = resources[logicalId]?.Properties;

      expect({
        BillingMode: properties?.BillingMode,
        PointInTimeRecoverySpecification: properties?.PointInTimeRecoverySpecification,
        SSESpecification: properties?.SSESpecification,
        TimeToLiveSpecification: properties?.TimeToLiveSpecification,
      }).toEqual({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    },
  );

  it('declares only the two tables', () => {
    expect(Object.keys(resources).sort()).toEqual(['FindingsTable', 'PoliciesTable']);
  });
});
