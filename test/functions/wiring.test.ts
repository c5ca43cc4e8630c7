/**
 * The adapters wired from the environment send their calls where DYNAMODB_ENDPOINT and
 * SNS_ENDPOINT say: two recording HTTP servers on 127.0.0.1 stand in for DynamoDB and SNS and
 * answer every request with an error, so what matters is which server saw which call.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetWiring, wiring } from '../../functions/shared/wiring.ts';

interface Seen {
  target: string;
  body: string;
  authorization: string;
}

async function recordingServer(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      seen.push({
        target: String(request.headers['x-amz-target'] ?? ''),
        body,
        authorization: String(request.headers.authorization ?? ''),
      });
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'ValidationException', message: 'recorded' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, server };
}

describe('wiring', () => {
  const saved = { ...process.env };
  let dynamodb: Awaited<ReturnType<typeof recordingServer>>;
  let sns: Awaited<ReturnType<typeof recordingServer>>;

  beforeAll(async () => {
    [dynamodb, sns] = await Promise.all([recordingServer(), recordingServer()]);
    Object.assign(process.env, {
      FINDINGS_TABLE: 'findings',
      POLICIES_TABLE: 'policies',
      ALERTS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:alerts',
      DIGEST_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:digest',
      AWS_REGION: 'eu-west-1',
      DYNAMODB_ENDPOINT: dynamodb.url,
      SNS_ENDPOINT: sns.url,
    });
    delete process.env.LOCAL_OUTBOX_DIR;
    resetWiring();
  });

  afterAll(async () => {
    process.env = saved;
    resetWiring();
    await Promise.all(
      [dynamodb, sns].map(
        ({ server }) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });

  it('sends DynamoDB calls to DYNAMODB_ENDPOINT and SNS calls to SNS_ENDPOINT, in AWS_REGION', async () => {
    // Act
    const wired = wiring(['findingsTable', 'policiesTable', 'alertsTopicArn']);
    await expect(wired.policies.currentVersion()).rejects.toThrow();
    await expect(
      wired.notifier.publishDigest({ subject: 'digest', text: 'text', json: {} }),
    ).rejects.toThrow();

    // Assess
    expect(dynamodb.seen.map((s) => s.target)).toEqual(['DynamoDB_20120810.GetItem']);
    expect(JSON.parse(dynamodb.seen[0]?.body ?? '{}')).toMatchObject({ TableName: 'policies' });
    expect(dynamodb.seen[0]?.authorization).toContain('/eu-west-1/dynamodb/aws4_request');
    expect(sns.seen).toHaveLength(1);
    expect(sns.seen[0]?.body).toContain('Action=Publish');
    expect(sns.seen[0]?.body).toContain(encodeURIComponent(process.env.DIGEST_TOPIC_ARN ?? ''));
    expect(sns.seen[0]?.authorization).toContain('/eu-west-1/sns/aws4_request');
  });
});
