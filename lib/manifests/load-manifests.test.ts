import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidManifestError } from '../errors.ts';
import { loadManifestPaths } from './load-manifests.ts';

describe('Function: loadManifestPaths', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'psp-audit-manifests-'));
    await writeFile(join(dir, 'b.yaml'), 'kind: Pod\n---\nkind: Role\n');
    await writeFile(join(dir, 'a.json'), '{"kind":"ClusterRole"}');
    await writeFile(join(dir, 'c.yml'), 'kind: RoleBinding\n');
    await writeFile(join(dir, 'notes.txt'), 'kind: Ignored\n');
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'nested', 'd.yaml'), 'kind: Pod\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the .yaml, .yml and .json files of a directory, sorted, not recursing', async () => {
    const docs = await loadManifestPaths([dir]);
    expect(docs.map((d) => [d.source.slice(dir.length + 1), d.object.kind])).toEqual([
      ['a.json', 'ClusterRole'],
      ['b.yaml#0', 'Pod'],
      ['b.yaml#1', 'Role'],
      ['c.yml', 'RoleBinding'],
    ]);
  });

  it('reads a file of any name given directly, keeping its path as given', async () => {
    const file = join(dir, 'notes.txt');
    expect((await loadManifestPaths([file])).map((d) => d.source)).toEqual([file]);
  });

  it('names a missing path', async () => {
    await expect(loadManifestPaths(['no/such/pods.yaml'])).rejects.toThrow(
      new InvalidManifestError('no/such/pods.yaml: no such file or directory'),
    );
  });
});
