/**
 * `psp-audit digest`: the digest the scheduled function would publish, from the local store.
 *
 *   psp-audit digest --window 1h|24h|7d [--cluster NAME] [--until TIME] [--format text|json]
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { buildDigest } from '../../digest/build-digest.ts';
import { renderDigest } from '../../digest/render-digest.ts';
import { floorToHour, isWindowName, WINDOWS } from '../../digest/windows.ts';
import { type Clock, type FindingStore, systemClock } from '../../ports.ts';
import { type CliIo, type Command, UsageError } from '../main.ts';

const help = `usage: psp-audit digest --window 1h|24h|7d [--cluster NAME] [--until TIME]
                       [--format text|json]

Prints the digest of a window from the local store (the one \`npm start\` serves): the same text
the scheduled digest publishes.
  --window W        1h, 24h or 7d (default 24h).
  --cluster NAME    Only this cluster (default every cluster).
  --until TIME      End of the window, ISO 8601, floored to the hour (default: this hour's start).
  --format FORMAT   text (default) or json.
The PSS level named in the digest is PSS_LEVEL (default restricted@latest).
Exit status: 0 on success, 2 on bad usage.
`;

export interface DigestCommandDeps {
  open(): Promise<{ findings: FindingStore; close(): Promise<void> }>;
  clock: Clock;
  env: NodeJS.ProcessEnv;
}

const defaults: DigestCommandDeps = {
  open: async () => (await import('../../local/stores.ts')).openLocalStores(),
  clock: systemClock,
  env: process.env,
};

function parseOptions(args: string[], clock: Clock) {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(args));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help' as const;
  const window = values.window ?? '24h';
  if (!isWindowName(window)) {
    throw new UsageError(
      `--window must be one of ${WINDOWS.join(', ')}, got ${JSON.stringify(window)}`,
    );
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
  }
  if (values.cluster === '') throw new UsageError('--cluster must not be empty');
  let until = floorToHour(clock.now());
  if (values.until !== undefined) {
    const time = Date.parse(values.until);
    if (Number.isNaN(time)) {
      throw new UsageError(
        `--until must be an ISO 8601 time such as 2026-11-26T19:00:00Z, got ${JSON.stringify(values.until)}`,
      );
    }
    until = floorToHour(new Date(time));
  }
  return { window, format, cluster: values.cluster, until } as const;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      window: { type: 'string' },
      cluster: { type: 'string' },
      until: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export function createDigestCommand(deps: DigestCommandDeps = defaults): Command {
  return {
    summary: 'print the digest of a window (1h, 24h, 7d) from the local store',
    async run(args: string[], io: CliIo): Promise<number> {
      const options = parseOptions(args, deps.clock);
      if (options === 'help') {
        io.stdout(help);
        return 0;
      }
      const { pss } = loadConfig([], deps.env);
      const stores = await deps.open();
      try {
        const digest = await buildDigest(stores.findings, {
          window: options.window,
          until: options.until,
          pss,
          ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
        });
        const rendered = renderDigest(digest);
        io.stdout(
          options.format === 'json'
            ? `${JSON.stringify({ subject: rendered.subject, ...rendered.json }, null, 2)}\n`
            : rendered.text,
        );
        return 0;
      } finally {
        await stores.close();
      }
    },
  };
}

export const digestCommand: Command = createDigestCommand();
