/**
 * The manifest loader shared by the CLI, the policy store and the API: files or directories
 * (a directory's `.yaml`, `.yml` and `.json` files, sorted by name, not recursive) into
 * ManifestDocuments, then into a PolicySet and pods.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidManifestError } from '../errors.ts';
import { type ManifestDocument, parseManifestText } from './parse-manifest-text.ts';

export {
  type BuiltPolicySet,
  buildPolicySet,
  describeDocument,
  type ManifestPod,
} from './build-policy-set.ts';
export { type ManifestDocument, parseManifestText } from './parse-manifest-text.ts';
export { parsePod } from './parse-pod.ts';
export {
  controllerRequester,
  describeWorkload,
  parseWorkload,
  WORKLOAD_KINDS,
  type WorkloadOrigin,
} from './parse-workload.ts';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

async function filesOf(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InvalidManifestError(`${path}: ${reasonOf(error)}`, { cause: error });
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) =>
    MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext)),
  );
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => join(path, name));
}

export async function loadManifestPaths(paths: readonly string[]): Promise<ManifestDocument[]> {
  const docs: ManifestDocument[] = [];
  for (const path of paths) {
    for (const file of await filesOf(path)) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new InvalidManifestError(`${file}: ${reasonOf(error)}`, { cause: error });
      }
      docs.push(...parseManifestText(text, file));
    }
  }
  return docs;
}
