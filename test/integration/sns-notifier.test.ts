/**
 * SnsNotifier against real SNS + SQS emulators (fauxqs always, moto_server when present): each
 * test creates its topics and queues subscribed to them, publishes, and reads what SQS received.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertPublishError, SnsNotifier } from '../../lib/adapters/sns-notifier.ts';
import type { Alert, Severity } from '../../lib/findings.ts';
import { type SnsEmulator, snsServers } from '../helpers/sns-server.ts';
import { findingFixture } from './finding-fixtures.ts';

interface Envelope {
  Type: string;
  Subject: string | null;
  Message: string;
  MessageAttributes: Record<string, { Type: string; Value: string }>;
}

describe.each(snsServers())('SnsNotifier on $name', ({ start }) => {
  let server: SnsEmulator;
  let sns: SNSClient;
  let sqs: SQSClient;
  let names = 0;

  beforeAll(async () => {
    server = await start();
    const config = {
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    };
    sns = new SNSClient(config);
    sqs = new SQSClient(config);
  });

  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await server?.stop();
  });

  async function topic(attributes?: Record<string, string>): Promise<string> {
    names += 1;
    const name = attributes?.FifoTopic === 'true' ? `topic-${names}.fifo` : `topic-${names}`;
    const out = await sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }));
    return out.TopicArn ?? '';
  }

  /** A queue subscribed to the topic; `raw` delivers the body and attributes as they were sent. */
  async function subscribedQueue(topicArn: string, attributes: Record<string, string> = {}) {
    names += 1;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `queue-${names}` }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: Attributes?.QueueArn,
        Attributes: attributes,
      }),
    );
    return QueueUrl ?? '';
  }

  async function receiveAll(queueUrl: string): Promise<Message[]> {
    const messages: Message[] = [];
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: 300,
          WaitTimeSeconds: 0,
        }),
      );
      if (!out.Messages || out.Messages.length === 0) return messages;
      messages.push(...out.Messages);
    }
  }

  const alertOf = (
    id: string,
    severity: Severity = 'critical',
    namespace = 'kube-system',
  ): Alert => ({
    finding: findingFixture({
      id: `${id}:sensitive-file`,
      type: 'sensitive-file',
      severity,
      namespace,
      summary: `exec into ${id} read /var/run/secrets/kubernetes.io/serviceaccount/token`,
    }),
  });

  it('publishes one alert with its subject, filterable attributes and JSON body', async () => {
    // Prepare
    const alerts = await topic();
    const enveloped = await subscribedQueue(alerts);
    const raw = await subscribedQueue(alerts, { RawMessageDelivery: 'true' });
    const notifier = new SnsNotifier({
      client: sns,
      alertsTopicArn: alerts,
      digestTopicArn: alerts,
    });
    const alert = alertOf('one');

    // Act
    await notifier.publishAlerts([alert]);

    // Assess
    const [envelopeMessage, ...moreEnveloped] = await receiveAll(enveloped);
    const [rawMessage, ...moreRaw] = await receiveAll(raw);
    const envelope = JSON.parse(envelopeMessage?.Body ?? '{}') as Envelope;
    expect([moreEnveloped.length, moreRaw.length]).toEqual([0, 0]);
    expect(envelope.Subject).toBe(
      'psp-audit critical prod: exec into one read /var/run/secrets/kubernetes.io/serviceaccount/token',
    );
    expect(envelope.MessageAttributes).toEqual({
      severity: { Type: 'String', Value: 'critical' },
      cluster: { Type: 'String', Value: 'prod' },
      namespace: { Type: 'String', Value: 'kube-system' },
      type: { Type: 'String', Value: 'sensitive-file' },
    });
    expect(JSON.parse(server.deliveredBody(envelope.Message))).toEqual({
      kind: 'psp-audit.alert',
      finding: alert.finding,
    });
    expect(JSON.parse(server.deliveredBody(rawMessage?.Body ?? ''))).toEqual({
      kind: 'psp-audit.alert',
      finding: alert.finding,
    });
    expect(rawMessage?.MessageAttributes?.severity).toEqual({
      DataType: 'String',
      StringValue: 'critical',
    });
  });

  it('publishes 23 alerts in batches, each once, and a severity filter sees only critical ones', async () => {
    // Prepare
    const alerts = await topic();
    const all = await subscribedQueue(alerts, { RawMessageDelivery: 'true' });
    const critical = await subscribedQueue(alerts, {
      RawMessageDelivery: 'true',
      FilterPolicy: JSON.stringify({ severity: ['critical'] }),
    });
    const notifier = new SnsNotifier({
      client: sns,
      alertsTopicArn: alerts,
      digestTopicArn: alerts,
    });
    const batch = Array.from({ length: 23 }, (_, i) =>
      alertOf(
        `b${String(i).padStart(2, '0')}`,
        i % 3 === 0 ? 'critical' : 'high',
        i === 5 ? '' : 'default',
      ),
    );

    // Act
    await notifier.publishAlerts(batch);

    // Assess
    const idsIn = async (queue: string) =>
      (await receiveAll(queue))
        .map((m) => (JSON.parse(server.deliveredBody(m.Body ?? '')) as Alert).finding.id)
        .sort();
    expect(await idsIn(all)).toEqual(batch.map((a) => a.finding.id).sort());
    expect(await idsIn(critical)).toEqual(
      batch
        .filter((a) => a.finding.severity === 'critical')
        .map((a) => a.finding.id)
        .sort(),
    );
  });

  it.each([
    { name: 'one alert to a topic that does not exist', count: 1, fifo: false },
    { name: 'a batch to a topic that does not exist', count: 12, fifo: false },
    { name: 'a batch whose entries a FIFO topic refuses', count: 3, fifo: true },
  ])('throws an AlertPublishError naming every alert of $name', async ({ count, fifo }) => {
    const arn = fifo
      ? await topic({ FifoTopic: 'true' })
      : 'arn:aws:sns:us-east-1:000000000000:missing-topic';
    const notifier = new SnsNotifier({ client: sns, alertsTopicArn: arn, digestTopicArn: arn });
    const batch = Array.from({ length: count }, (_, i) => alertOf(`f${i}`));

    const error = await notifier.publishAlerts(batch).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AlertPublishError);
    expect((error as AlertPublishError).failedFindingIds.sort()).toEqual(
      batch.map((a) => a.finding.id).sort(),
    );
  });

  it('publishes a digest with its subject and the JSON body for queues', async () => {
    const digests = await topic();
    const queue = await subscribedQueue(digests);
    const notifier = new SnsNotifier({
      client: sns,
      alertsTopicArn: digests,
      digestTopicArn: digests,
    });
    const json = { kind: 'psp-audit.digest', clusters: [{ cluster: 'prod', findings: 12 }] };

    await notifier.publishDigest({
      subject: 'psp-audit weekly digest: 12 findings\nin prod',
      text: 'Weekly digest\n12 findings',
      json,
    });

    const [message] = await receiveAll(queue);
    const envelope = JSON.parse(message?.Body ?? '{}') as Envelope;
    expect(envelope.Subject).toBe('psp-audit weekly digest: 12 findings in prod');
    expect(JSON.parse(server.deliveredBody(envelope.Message))).toEqual(json);
    expect(envelope.MessageAttributes.type).toEqual({ Type: 'String', Value: 'digest' });
  });

  it('cuts a digest larger than 256 KB so SNS accepts it', async () => {
    const digests = await topic();
    const queue = await subscribedQueue(digests, { RawMessageDelivery: 'true' });
    const notifier = new SnsNotifier({
      client: sns,
      alertsTopicArn: digests,
      digestTopicArn: digests,
    });
    const rows = Array.from({ length: 6000 }, (_, i) => ({
      namespace: `namespace-${i}`,
      findings: i,
    }));
    const text = rows.map((r) => `${r.namespace}: ${r.findings} findings`).join('\n');

    await notifier.publishDigest({ subject: 'big', text, json: { kind: 'digest', rows } });

    const [message] = await receiveAll(queue);
    const body = server.deliveredBody(message?.Body ?? '');
    const delivered = JSON.parse(body) as {
      kind: string;
      rows: unknown[];
      truncated: Record<string, number>;
    };
    expect(Buffer.byteLength(message?.Body ?? '')).toBeLessThanOrEqual(262_144);
    expect(delivered.kind).toBe('digest');
    expect(delivered.rows.length).toBeGreaterThan(2500);
    expect(delivered.rows).toEqual(rows.slice(0, delivered.rows.length));
    expect(delivered.truncated).toEqual({ '$.rows': 6000 - delivered.rows.length });
  });
});
