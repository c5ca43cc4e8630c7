/**
 * `npm start`: the whole pipeline on this machine, no AWS account. DynamoDB is dynalite with its
 * data in `.local/`, the example policies are imported, the sample audit logs in events/ go
 * through the real ingest handler, the real API handler answers on http://127.0.0.1:$PORT, and
 * SNS messages land in `.local/outbox/`. Running it again keeps the data and duplicates nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import { loadManifestPaths } from '../manifests/load-manifests.ts';
import { toApiEvent, writeApiResult } from './http-to-api-event.ts';
import { LOCAL_TABLES } from './local-dynamodb.ts';
import { rebaseSampleTimes } from './rebase-sample-times.ts';
import { localDir, openLocalStores } from './stores.ts';

const root = resolve(import.meta.dirname, '../..');
const say = (line = '') => process.stdout.write(`${line}\n`);

function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `psp-audit-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:psp-audit-local-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: `local-${Date.now()}`,
    logGroupName: `/aws/lambda/psp-audit-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  // The lockfile pins the SDK: its notice about future releases needing Node 22 is not news here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dir = localDir();
  const stores = await openLocalStores({ publish: true });
  process.env.FINDINGS_TABLE = LOCAL_TABLES.findings;
  process.env.POLICIES_TABLE = LOCAL_TABLES.policies;
  process.env.DYNAMODB_ENDPOINT = stores.endpoint;
  process.env.LOCAL_OUTBOX_DIR = join(dir, 'outbox');
  process.env.ALERTS_TOPIC_ARN ??= 'arn:aws:sns:local:000000000000:psp-audit-local-alerts';
  process.env.DIGEST_TOPIC_ARN ??= 'arn:aws:sns:local:000000000000:psp-audit-local-digest';
  process.env.PSS_LEVEL ??= 'restricted@latest';
  // The console shows the summary lines below; the handlers' own log lines only on error.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  say(`psp-audit local stack — data in ${dir}`);
  say(
    `  DynamoDB (dynalite) at ${stores.endpoint}, tables ${LOCAL_TABLES.findings}, ${LOCAL_TABLES.policies}`,
  );

  // Example policies: imported once; a second run finds the same set and keeps its version.
  const samples = join(root, 'lib/psp/samples');
  const objects = (await loadManifestPaths([samples])).map((doc) => doc.object);
  const stored = await stores.policies.list();
  const wanted = objects.map(objectKey).sort();
  if (stored !== null && sameList(stored.objects.slice().sort(), wanted)) {
    say(`  policies: ${stored.version} already holds the ${wanted.length} example objects`);
  } else {
    const summary = await stores.policies.importObjects(objects);
    say(
      `  policies: imported ${summary.objects.length} objects from lib/psp/samples as ${summary.version}`,
    );
  }

  // Sample audit logs through the real ingest handler.
  const { handler: ingest } = await import('../../functions/ingest/handler.ts');
  const events = (await readdir(join(root, 'events')))
    .filter((name) => name.startsWith('cloudwatch-logs'))
    .sort();
  for (const name of events) {
    const event = rebaseSampleTimes(
      JSON.parse(await readFile(join(root, 'events', name), 'utf8')),
      new Date(),
    );
    const summary = await ingest(event, lambdaContext('ingest'));
    if (summary === null) say(`  ingest ${name}: payload rejected`);
    else
      say(
        `  ingest ${name}: ${summary.events} events, ${summary.podEvents} pod events, ${summary.stored} new findings (${summary.duplicates} already stored), ${summary.alertsSent} alerts sent, ${summary.malformed} malformed`,
      );
  }

  // The real API handler behind a local HTTP server (no IAM locally).
  const { handler: api } = await import('../../functions/api/handler.ts');
  const port = Number(process.env.PORT ?? 3000);
  const server = createServer(async (request, response) => {
    try {
      const event = await toApiEvent(request);
      writeApiResult(response, await api(event, lambdaContext('api')));
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'internal error' }));
      process.stderr.write(`api: ${(error as Error).message}\n`);
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  say(`  API (real handler) on ${base}; SNS messages in ${process.env.LOCAL_OUTBOX_DIR}`);
  say(`ready in ${Date.now() - started} ms. Try:`);
  say(`  curl -s '${base}/findings?limit=5'`);
  say(`  curl -s '${base}/findings?type=sensitive-file'`);
  say(`  curl -s '${base}/summary?window=7d'`);
  say(`  curl -s '${base}/policies'`);
  say(`  curl -s -X POST '${base}/evaluate' -H 'content-type: application/json' \\`);
  say(
    `       -d '{"pod":{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"nginx","securityContext":{"privileged":true}}]}},"user":"alice","pss":"restricted"}'`,
  );
  say(`  npx psp-audit digest --window 7d`);
  say('Ctrl-C stops.');

  const stop = async () => {
    say('\nstopping…');
    server.close();
    server.closeAllConnections();
    await stores.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function objectKey(object: Record<string, unknown>): string {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  return metadata.namespace
    ? `${String(object.kind)}/${metadata.namespace}/${metadata.name}`
    : `${String(object.kind)}/${metadata.name}`;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `psp-audit start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
