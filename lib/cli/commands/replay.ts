/**
 * `psp-audit replay`: runs the ingest pipeline on a saved audit log, with the policies from files
 * and in-memory stores, and prints the findings.
 *
 *   psp-audit replay --policies PATH [--policies PATH …] --input FILE
 *                    [--pss LEVEL[@VERSION]] [--cluster NAME] [--format text|json]
 *
 * The input is JSON lines of audit Events (one per line, as in the log messages), a saved
 * subscription payload (`{"awslogs": {"data": …}}` or its decoded form with `logEvents`), or the
 * JSON output of `aws logs filter-log-events` / `get-log-events`. Exit 0 on success, 2 on bad
 * input.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { MemoryFindingStore, MemoryNotifier } from '../../adapters/memory-stores.ts';
import type { DecodedLogBatch, LogRecord } from '../../audit/decode-log-events.ts';
import { decodeCloudWatchLogsEvent, isAuditStream } from '../../audit/decode-log-events.ts';
import { InvalidAuditEventError } from '../../errors.ts';
import type { Finding } from '../../findings.ts';
import { buildPolicySet, loadManifestPaths } from '../../manifests/load-manifests.ts';
import { type IngestSummary, ingestLogBatch } from '../../pipeline/ingest-log-batch.ts';
import type { PolicySet } from '../../policy-set.ts';
import { parsePssTarget } from '../../pss/evaluate-pss.ts';
import { type CliIo, type Command, UsageError } from '../main.ts';

const help = `usage: psp-audit replay --policies PATH [--policies PATH …] --input FILE
                        [--pss LEVEL[@VERSION]] [--cluster NAME] [--format text|json]

Runs the ingest pipeline on a saved audit log and prints one finding per line.
  --policies PATH   PSP and RBAC manifests (file or directory; repeatable). Without it only
                    the PSS level and the sensitive-file rules are applied.
  --input FILE      JSON lines of audit Events, a saved CloudWatch Logs subscription payload,
                    or the JSON output of \`aws logs filter-log-events\` ("-" reads stdin).
  --pss LEVEL[@V]   Pod Security Standards level to evaluate against (default restricted@latest).
  --cluster NAME    Cluster name for the findings when the input does not name a log group.
  --format FORMAT   text (default) or json (one finding object per line).
Exit status: 0 on success, 2 on bad usage or bad input.
`;

/** Reads the input file into log batches, whatever of the accepted shapes it has. */
export function parseReplayInput(
  text: string,
  source: string,
  cluster: string | null,
): DecodedLogBatch[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidAuditEventError(`${source}: the input is empty`);
  const single = tryParseJson(trimmed);
  if (
    single !== undefined &&
    typeof single === 'object' &&
    single !== null &&
    !Array.isArray(single)
  ) {
    const object = single as Record<string, unknown>;
    if (isRecord(object.awslogs)) {
      return [decodeCloudWatchLogsEvent(object as { awslogs: { data: string } })];
    }
    if (Array.isArray(object.logEvents)) return [fromDecodedPayload(object, source, cluster)];
    if (Array.isArray(object.events)) return fromFilterLogEvents(object.events, source, cluster);
  }
  const records: LogRecord[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    records.push({ id: `${source}:${index + 1}`, timestamp: 0, message: line });
  }
  return [replayBatch(records, cluster)];
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function replayBatch(
  records: LogRecord[],
  cluster: string | null,
  logStream = 'kube-apiserver-audit-replay',
): DecodedLogBatch {
  return { logGroup: 'replay', logStream, messageType: 'DATA_MESSAGE', cluster, records };
}

function fromDecodedPayload(
  object: Record<string, unknown>,
  source: string,
  cluster: string | null,
): DecodedLogBatch {
  const records = (object.logEvents as unknown[]).map((entry, index) =>
    toRecord(entry, index, source),
  );
  const clusterFromGroup = /^\/aws\/eks\/([^/]+)\/cluster$/.exec(
    String(object.logGroup ?? ''),
  )?.[1];
  return {
    logGroup: String(object.logGroup ?? 'replay'),
    logStream: String(object.logStream ?? 'kube-apiserver-audit-replay'),
    messageType: object.messageType === 'CONTROL_MESSAGE' ? 'CONTROL_MESSAGE' : 'DATA_MESSAGE',
    cluster: cluster ?? clusterFromGroup ?? null,
    records,
  };
}

function fromFilterLogEvents(
  events: unknown[],
  source: string,
  cluster: string | null,
): DecodedLogBatch[] {
  const byStream = new Map<string, LogRecord[]>();
  for (const [index, entry] of events.entries()) {
    const stream =
      isRecord(entry) && typeof entry.logStreamName === 'string'
        ? entry.logStreamName
        : 'kube-apiserver-audit-replay';
    if (!isAuditStream(stream)) continue;
    const list = byStream.get(stream) ?? [];
    list.push(toRecord(entry, index, source));
    byStream.set(stream, list);
  }
  return [...byStream].map(([stream, records]) => replayBatch(records, cluster, stream));
}

function toRecord(entry: unknown, index: number, source: string): LogRecord {
  if (!isRecord(entry) || typeof entry.message !== 'string') {
    // Kept as a record so the pipeline counts and reports it with the rest.
    return { id: `${source}#${index}`, timestamp: 0, message: JSON.stringify(entry ?? null) };
  }
  const id =
    typeof entry.eventId === 'string'
      ? entry.eventId
      : typeof entry.id === 'string'
        ? entry.id
        : `${source}#${index}`;
  return {
    id,
    timestamp: typeof entry.timestamp === 'number' ? entry.timestamp : 0,
    message: entry.message,
  };
}

function renderFindingText(finding: Finding): string {
  const target = finding.pod ? `${finding.namespace}/${finding.pod}` : finding.namespace;
  const head = `${finding.type.padEnd(14)} ${finding.severity.padEnd(8)} ${target}  user=${finding.user}  auditID=${finding.auditID}`;
  const reasons = finding.reasons.map((reason) => {
    const who = reason.policy ?? reason.check;
    return `    - ${who ? `${who}: ` : ''}${reason.field}: ${reason.message}`;
  });
  return [head, `    ${finding.summary}`, ...reasons].join('\n');
}

function renderSummaryText(summaries: IngestSummary[]): string {
  const total = (
    key: 'events' | 'podEvents' | 'evaluated' | 'unevaluated' | 'malformed' | 'skipped',
  ) => summaries.reduce((sum, summary) => sum + summary[key], 0);
  return `events ${total('events')}, pod events ${total('podEvents')}, evaluated ${total('evaluated')}, unevaluated ${total('unevaluated')}, malformed ${total('malformed')}, skipped ${total('skipped')}`;
}

async function loadPolicies(paths: string[]): Promise<PolicySet> {
  if (paths.length === 0) return { policies: [], rbac: null, version: null };
  const { policySet } = buildPolicySet(await loadManifestPaths(paths));
  return policySet;
}

async function run(args: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.stdout(help);
    return 0;
  }
  if (values.input === undefined) throw new UsageError('--input FILE is required (see --help)');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json, got "${format}"`);
  }
  const pss = parsePssTarget(values.pss ?? 'restricted@latest');
  const policySet = await loadPolicies(values.policies ?? []);
  const text = await readInput(values.input);
  const batches = parseReplayInput(text, values.input, values.cluster ?? null);

  const findings = new MemoryFindingStore();
  const notifier = new MemoryNotifier();
  const deps = {
    findings,
    notifier,
    policies: { get: async () => policySet },
    pss,
    defaultCluster: values.cluster ?? 'replay',
  };
  const summaries: IngestSummary[] = [];
  for (const batch of batches) summaries.push(await ingestLogBatch(batch, deps));
  const printed = findings.all();
  printed.sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  for (const finding of printed) {
    io.stdout(
      format === 'json' ? `${JSON.stringify(finding)}\n` : `${renderFindingText(finding)}\n`,
    );
  }
  for (const summary of summaries) {
    for (const rejected of summary.rejected) {
      io.stderr(`psp-audit replay: skipped ${rejected.recordId}: ${rejected.reason}\n`);
    }
  }
  const line = `${printed.length} finding${printed.length === 1 ? '' : 's'}; ${renderSummaryText(summaries)}\n`;
  if (format === 'text') io.stdout(line);
  else io.stderr(line);
  return 0;
}

async function readInput(path: string): Promise<string> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidAuditEventError(
      `cannot read --input ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}`,
    );
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      policies: { type: 'string', multiple: true },
      input: { type: 'string' },
      pss: { type: 'string' },
      cluster: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export const replayCommand: Command = {
  summary: 'run the ingest pipeline on a saved audit log and print the findings',
  run,
};
