/**
 * Ingest throughput on a realistic CloudWatch Logs batch (2,000 audit events: leases, reads,
 * status patches, token traffic, ~5% pod creates, a few execs), and what evaluation adds to the
 * cost of merely reading the batch. `npm run bench` prints Vitest's table, then one summary line
 * measured here by interleaved rounds (medians), so the ratios compare like with like:
 *   events/s, and our time ÷ (gunzip + JSON.parse of the payload), target ≤ 1.5×;
 *   also ÷ (gunzip + JSON.parse of the payload and of every message), the naive reader, and
 *   ÷ decodeLogPayload alone (which reads pure-ASCII batches as latin1, faster than the
 *   baseline's UTF-8), i.e. what evaluation adds to our own reading of the batch.
 *
 * The code is measured as Lambda runs it: bundled by esbuild. Under Vitest's module runner every
 * call of an imported function goes through a getter (vitest-dev/vitest#6903), which doubles the
 * cost of call-heavy code such as the checks; the unbundled figure is printed too.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { afterAll, bench, describe } from 'vitest';
import { pss, restrictivePolicies } from '../../test/helpers/audit-policies.ts';
import { decodeLogPayload as decodeUnbundled } from '../audit/decode-log-events.ts';
import { buildAuditBatch } from '../audit/sample-events.ts';
import { buildLogPayload, encodeLogPayload } from '../audit/sample-payloads.ts';
import { evaluateBatch as evaluateUnbundled } from './evaluate-batch.ts';

/** decodeLogPayload and evaluateBatch from an esbuild bundle, as deployed. */
async function loadBundle(): Promise<{
  decodeLogPayload: typeof decodeUnbundled;
  evaluateBatch: typeof evaluateUnbundled;
}> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const result = buildSync({
    stdin: {
      contents:
        "export { decodeLogPayload } from './lib/audit/decode-log-events.ts';\n" +
        "export { evaluateBatch } from './lib/ingest/evaluate-batch.ts';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
  });
  const file = join(mkdtempSync(join(tmpdir(), 'psp-audit-bench-')), 'ingest.mjs');
  writeFileSync(file, result.outputFiles[0]?.text ?? '');
  return import(/* @vite-ignore */ pathToFileURL(file).href);
}

const { decodeLogPayload, evaluateBatch } = await loadBundle();

const EVENTS = 2000;
const data = encodeLogPayload(buildLogPayload(buildAuditBatch(EVENTS, { podWriteShare: 0.05 })));
const options = { policySet: restrictivePolicies(), pss: pss('restricted@latest') };
const podCreates = buildAuditBatch(200, { podWriteShare: 1 }).map((message, i) => ({
  id: String(i),
  message,
}));

function readPayload(): { logEvents: { message: string }[] } {
  return JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'));
}

function readEveryMessage(): void {
  for (const event of readPayload().logEvents) JSON.parse(event.message);
}

function decodeOnly(): void {
  decodeLogPayload(data);
}

function ingest(): void {
  const batch = decodeLogPayload(data);
  evaluateBatch({ cluster: 'bench', records: batch.records }, options);
}

function ingestUnbundled(): void {
  const batch = decodeUnbundled(data);
  evaluateUnbundled({ cluster: 'bench', records: batch.records }, options);
}

describe(`one CloudWatch Logs batch of ${EVENTS} audit events, ~5% pod creates`, () => {
  bench('baseline: gunzip + JSON.parse of the payload', () => {
    readPayload();
  });
  bench('naive reader: gunzip + JSON.parse of the payload and of every message', readEveryMessage);
  bench('psp-audit: decodeLogPayload + evaluateBatch (esbuild bundle)', ingest);
  bench('psp-audit, unbundled under the Vitest module runner', ingestUnbundled);
});

describe('200 pod creates (the costly kind): parse, PSP, PSS, sensitive paths, findings', () => {
  bench('evaluateBatch', () => {
    evaluateBatch({ cluster: 'bench', records: podCreates }, options);
  });
});

// Vitest runs a file-level afterAll in bench mode (not one inside describe). Rounds interleave
// the three readers so that load from other processes weighs on each alike.
afterAll(() => {
  const readers = [readPayload, readEveryMessage, decodeOnly, ingest, ingestUnbundled];
  const times: number[][] = readers.map(() => []);
  for (let round = 0; round < 40; round += 1) {
    for (const [i, read] of readers.entries()) {
      const start = performance.now();
      read();
      if (round >= 5) times[i]?.push(performance.now() - start);
    }
  }
  const [baseline, naive, decoded, ours, unbundled] = times.map((list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  }) as [number, number, number, number, number];
  console.log(
    `ingest: ${Math.round(EVENTS / (ours / 1000)).toLocaleString('en')} events/s ` +
      `(${ours.toFixed(1)} ms per ${EVENTS}-event batch, median); ` +
      `${(ours / baseline).toFixed(2)}× gunzip + JSON.parse of the payload (target ≤ 1.5×), ` +
      `${(ours / naive).toFixed(2)}× parsing every message too, ` +
      `${(ours / decoded).toFixed(2)}× decodeLogPayload alone (ASCII read as latin1); ` +
      `unbundled under Vitest ${(unbundled / baseline).toFixed(2)}×`,
  );
});
