/**
 * Sample events for invoking the ingest handlers locally on the cases the main samples leave out:
 * a CONTROL_MESSAGE, a non-audit stream, a batch with malformed records, a Kinesis event with a
 * bad record, and a Kinesis event carrying two clusters. `npm start` feeds every
 * `events/cloudwatch-logs*.json` through the handler. Regenerate with:
 * `npx tsx -e "import('./test/functions/helpers/ingest-event-files.ts').then((m) => m.writeIngestEventFiles('events'))"`
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  logShipperPod,
  podCreateEvent,
  toolboxPod,
  webPod,
} from '../../../lib/audit/sample-events.ts';
import { buildControlPayload, buildLogPayload } from '../../../lib/audit/sample-payloads.ts';
import { uuidFrom } from '../../../lib/audit/sample-pods.ts';
import { kinesisEvent, subscriptionEvent } from './lambda-events.ts';

const ADMIN = {
  username: 'kubernetes-admin',
  uid: 'aws-iam-authenticator:111122223333:AIDAEXAMPLEADMIN00001',
  groups: ['system:masters', 'system:authenticated'],
};

const AUTHENTICATOR_LINE =
  'time="2026-11-26T09:01:12Z" level=info msg="access granted" arn="arn:aws:iam::111122223333:role/eks-node-role" client="127.0.0.1:51234" groups="[system:bootstrappers system:nodes]" method=POST path=/authenticate uid="aws-iam-authenticator:111122223333:AROAEXAMPLENODE000001" username="system:node:ip-10-0-1-23.eu-west-1.compute.internal"';

const podCreate = (label: string, at: number, pod = toolboxPod()) =>
  JSON.stringify(podCreateEvent({ auditID: uuidFrom(`events/${label}`), at, user: ADMIN, pod }));

/** A privileged toolbox create, a truncated line, a klog line and an EventList among them. */
function malformedRecordsPayload() {
  const good = podCreate('malformed-batch/toolbox', 120, { ...toolboxPod(), name: 'toolbox-2' });
  return buildLogPayload(
    [
      good,
      `${podCreate('malformed-batch/truncated', 121).slice(0, 512)}[Truncated...]`,
      'I1126 09:02:01.500000      11 trace.go:205] Trace[1234567890]: "List" url:/api/v1/pods (26-Nov-2026 09:02:01.000) (total time: 500ms)',
      JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [] }),
      podCreate('malformed-batch/web', 122, webPod(3)),
    ],
    { firstTimestamp: Date.parse('2026-11-26T09:02:00.000Z') },
  );
}

/** The sample files this suite adds to `events/`, by name. */
export function renderIngestEventFiles(): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'cloudwatch-logs-control-message.json': json(subscriptionEvent(buildControlPayload())),
    'cloudwatch-logs-authenticator-stream.json': json(
      subscriptionEvent(
        buildLogPayload([AUTHENTICATOR_LINE], {
          logStream: 'authenticator-2c4d8a1e6930b8e2f47c1d95a36e7f0b',
          firstTimestamp: Date.parse('2026-11-26T09:01:12.900Z'),
        }),
      ),
    ),
    'cloudwatch-logs-malformed-records.json': json(subscriptionEvent(malformedRecordsPayload())),
    'kinesis-bad-record.json': json(
      kinesisEvent([
        buildLogPayload([podCreate('kinesis-bad-record/toolbox', 130)], {
          firstTimestamp: Date.parse('2026-11-26T09:02:10.000Z'),
        }),
        'H4sIAAAAAAAAA+1djXPbtpL/VzKa187dXCDhkyA103nnOnKeL4njsdP2vXvKZEAAtHmmSJak',
        buildControlPayload(),
      ]),
    ),
    'kinesis-two-clusters.json': json(
      kinesisEvent([
        buildLogPayload([podCreate('kinesis-two-clusters/payments', 140)], {
          logGroup: '/aws/eks/payments-prod/cluster',
          logStream: 'kube-apiserver-audit-1d95a36e7f0b2c4d8a1e6930b8e2f47c',
          firstTimestamp: Date.parse('2026-11-26T09:02:20.000Z'),
        }),
        buildLogPayload([podCreate('kinesis-two-clusters/shop', 141, logShipperPod())], {
          firstTimestamp: Date.parse('2026-11-26T09:02:21.000Z'),
        }),
      ]),
    ),
  };
}

export function writeIngestEventFiles(folder: string): void {
  for (const [name, text] of Object.entries(renderIngestEventFiles())) {
    writeFileSync(join(folder, name), text);
  }
}
