import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../manifests/parse-manifest-text.ts';
import { parsePod } from '../manifests/parse-pod.ts';
import { defineCheck } from './check.ts';
import { evaluatePsp } from './evaluate-psp.ts';
import { parsePodSecurityPolicy } from './parse-policy.ts';
import { PSP_CHECKS, RegistryError, validateRegistry } from './registry.ts';
import { policySet } from './test-support.ts';

const CHECKS_DIR = join(import.meta.dirname, 'checks');

function synthetic(id: string, fields: string[] = [id]) {
  return defineCheck<true>({ id, fields, prepare: () => true, evaluate: () => {} });
}

function readOne(path: string) {
  const [doc] = parseManifestText(readFileSync(path, 'utf8'), path);
  if (!doc) throw new Error(`${path} holds no object`);
  return doc.object;
}

interface FixtureCase {
  file: string;
  expectedField: string | null;
}

function fixturesOf(id: string): { policyFile: string; cases: FixtureCase[] } {
  const dir = join(CHECKS_DIR, `${id}.fixtures`);
  const cases = readdirSync(dir)
    .filter((name) => name.startsWith('allowed-') || name.startsWith('disallowed-'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      const header = /^# field: (.+)$/m.exec(readFileSync(file, 'utf8'));
      return { file, expectedField: name.startsWith('disallowed-') ? (header?.[1] ?? '?') : null };
    });
  return { policyFile: join(dir, 'policy.yaml'), cases };
}

describe('PSP check registry', () => {
  it('lists every PSP field check once', () => {
    // Act
    const ids = PSP_CHECKS.map((check) => check.id);

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([
      'allowPrivilegeEscalation',
      'allowedCSIDrivers',
      'allowedFlexVolumes',
      'allowedHostPaths',
      'allowedProcMountTypes',
      'appArmor',
      'capabilities',
      'fsGroup',
      'hostIPC',
      'hostNetwork',
      'hostPID',
      'hostPorts',
      'privileged',
      'readOnlyRootFilesystem',
      'runAsGroup',
      'runAsUser',
      'runtimeClass',
      'seLinux',
      'seccomp',
      'supplementalGroups',
      'sysctls',
      'volumes',
    ]);
  });

  it.each([
    {
      name: 'a duplicate id',
      checks: [synthetic('a'), synthetic('a')],
      message: 'PSP check "a" is registered twice',
    },
    { name: 'an empty id', checks: [synthetic('')], message: 'PSP check 0 has no id' },
    {
      name: 'no field',
      checks: [synthetic('b', [])],
      message: 'PSP check "b" names no policy field',
    },
  ])('refuses $name', ({ checks, message }) => {
    expect(() => validateRegistry(checks)).toThrow(new RegistryError(message));
  });

  it('accepts distinct synthetic checks', () => {
    const checks = [synthetic('a'), synthetic('b')];
    expect(validateRegistry(checks)).toBe(checks);
  });
});

describe.each(PSP_CHECKS.map((check) => ({ id: check.id })))('fixtures of check $id', ({ id }) => {
  const { policyFile, cases } = fixturesOf(id);

  it('has at least one allowed and one disallowed sample', () => {
    expect(cases.some((c) => c.expectedField === null)).toBe(true);
    expect(cases.some((c) => c.expectedField !== null)).toBe(true);
  });

  it.each(cases.map((c) => ({ ...c, name: c.file.slice(c.file.lastIndexOf('/') + 1) })))(
    '$name',
    ({ file, expectedField }) => {
      // Prepare
      const set = policySet([parsePodSecurityPolicy(readOne(policyFile), policyFile)]);
      const pod = parsePod(readOne(file), file);

      // Act
      const verdict = evaluatePsp(pod, set, { operation: 'create' });

      // Assess
      if (expectedField === null) {
        expect(verdict.reasons).toEqual([]);
        expect(verdict.allowed).toBe(true);
      } else {
        expect(verdict.allowed).toBe(false);
        expect(verdict.reasons.map((r) => r.field)).toContain(expectedField);
      }
    },
  );
});
