/**
 * `psp-audit policies`: the policy set of the local store (the one `npm start` serves).
 *
 *   psp-audit policies import PATH…   validate manifests, store them as a new version
 *   psp-audit policies list [--format text|json]
 */
import { parseArgs } from 'node:util';
import { selectPolicyObjects } from '../../api/policy-routes.ts';
import { loadManifestPaths } from '../../manifests/load-manifests.ts';
import type { PolicyStore } from '../../ports.ts';
import { type CliIo, type Command, UsageError } from '../main.ts';

const help = `usage: psp-audit policies import PATH [PATH …]
       psp-audit policies list [--format text|json]

Manages the policy set of the local store (the one \`npm start\` serves).
  import PATH…      Validates the PodSecurityPolicies and RBAC objects of the manifests (files or
                    directories of .yaml, .yml, .json) and stores them as a new version: objects
                    with the same kind, namespace and name are replaced, others are kept.
  list              Prints the current version and its objects.
  --format FORMAT   text (default) or json.
Exit status: 0 on success, 2 on bad usage or invalid manifests.
`;

export type PolicyStoreOpener = () => Promise<{ policies: PolicyStore; close(): Promise<void> }>;

const openLocal: PolicyStoreOpener = async () =>
  (await import('../../local/stores.ts')).openLocalStores();

function parseOptions(args: string[]) {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help' as const;
  const [action, ...paths] = positionals;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
  }
  if (action === 'import') {
    if (paths.length === 0)
      throw new UsageError('import needs at least one PATH (file or directory)');
    return { action, paths, format } as const;
  }
  if (action === 'list') {
    if (paths.length > 0) throw new UsageError(`list takes no PATH, got ${paths.join(' ')}`);
    return { action, format } as const;
  }
  throw new UsageError(
    action === undefined
      ? 'an action is required: import or list'
      : `unknown action ${JSON.stringify(action)} (accepted: import, list)`,
  );
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

export function createPoliciesCommand(open: PolicyStoreOpener = openLocal): Command {
  return {
    summary: 'import manifests into the local policy store, or list it',
    async run(args: string[], io: CliIo): Promise<number> {
      const options = parseOptions(args);
      if (options === 'help') {
        io.stdout(help);
        return 0;
      }
      // Read and validate before opening the store: bad manifests never touch it.
      const selected =
        options.action === 'import'
          ? selectPolicyObjects(await loadManifestPaths(options.paths))
          : undefined;
      const stores = await open();
      try {
        if (selected !== undefined) {
          for (const warning of selected.warnings) {
            io.stderr(`psp-audit policies: warning: ${warning}\n`);
          }
          const stored = await stores.policies.importObjects(selected.objects);
          const imported = selected.objects.length;
          io.stdout(
            options.format === 'json'
              ? `${JSON.stringify({ ...stored, imported, warnings: selected.warnings })}\n`
              : `stored policy set version ${stored.version}: ${imported} ${plural(imported, 'object')} imported, ${stored.objects.length} in the set\n`,
          );
          return 0;
        }
        const summary = await stores.policies.list();
        if (options.format === 'json') {
          io.stdout(
            `${JSON.stringify(summary ?? { version: null, importedAt: null, objects: [] })}\n`,
          );
        } else if (summary === null) {
          io.stdout('no policy set stored (import one with `psp-audit policies import PATH`)\n');
        } else {
          const lines = [
            `version ${summary.version}, imported ${summary.importedAt}, ${summary.objects.length} ${plural(summary.objects.length, 'object')}`,
            ...summary.objects.map((object) => `  ${object}`),
          ];
          io.stdout(`${lines.join('\n')}\n`);
        }
        return 0;
      } finally {
        await stores.close();
      }
    },
  };
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

export const policiesCommand: Command = createPoliciesCommand();
