/**
 * Small helpers every DynamoDB adapter here uses: expression placeholders, the conditional-check
 * test, and a Query that follows every page.
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/** Placeholders for names and values, so `:`, `/`, `.` and `[` in keys are never parsed. */
export class Expression {
  readonly #names = new Map<string, string>();
  readonly #values: unknown[] = [];

  name(attribute: string): string {
    let placeholder = this.#names.get(attribute);
    if (placeholder === undefined) {
      placeholder = `#n${this.#names.size}`;
      this.#names.set(attribute, placeholder);
    }
    return placeholder;
  }

  value(value: unknown): string {
    this.#values.push(value);
    return `:v${this.#values.length - 1}`;
  }

  attributes() {
    const names = Object.fromEntries([...this.#names].map(([attribute, p]) => [p, attribute]));
    const values = Object.fromEntries(this.#values.map((v, i) => [`:v${i}`, v]));
    return {
      ...(this.#names.size > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(this.#values.length > 0
        ? { ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }) }
        : {}),
    };
  }
}

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/** Every item of a Query, page after page. */
export async function queryAllRows(
  client: DynamoDBClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    rows.push(...(out.Items ?? []).map((item) => unmarshall(item)));
    start = out.LastEvaluatedKey;
  } while (start !== undefined);
  return rows;
}
