import { describe, expect, it } from 'vitest';
import type { PssCheck, PssCheckLevel } from './check.ts';
import { createPssRegistry, PssRegistryError } from './registry.ts';

/**
 * Synthetic checks, as in the library's registry_test: each revision denies with the label
 * `<id>:<since>`, so the labels a registry runs show which checks and revisions it resolved.
 */
function check(id: string, level: PssCheckLevel, since: string[], overrides?: string[]): PssCheck {
  return {
    id,
    level,
    ...(overrides ? { overrides } : {}),
    versions: since.map((version) => ({
      since: version,
      evaluate: () => ({ reason: `${id}:${version}`, detail: '', fields: [] }),
    })),
  };
}

function labels(
  checks: PssCheck[],
  level: 'privileged' | 'baseline' | 'restricted',
  minor: number,
) {
  return createPssRegistry(checks)
    .checksFor(level, minor)
    .map((resolved) => resolved.evaluate(undefined, { containers: [] })?.reason);
}

const CHECKS = [
  check('b', 'baseline', ['v1.0', 'v1.3', 'v1.5']),
  check('a', 'baseline', ['v1.2']),
  check('c', 'baseline', ['v1.0', 'v1.4']),
  check('r', 'restricted', ['v1.1', 'v1.6']),
  check('o', 'restricted', ['v1.4', 'v1.7'], ['c']),
];

describe('Function: createPssRegistry', () => {
  it.each([
    { level: 'baseline', minor: 0, expected: ['b:v1.0', 'c:v1.0'] },
    { level: 'baseline', minor: 2, expected: ['a:v1.2', 'b:v1.0', 'c:v1.0'] },
    { level: 'baseline', minor: 3, expected: ['a:v1.2', 'b:v1.3', 'c:v1.0'] },
    { level: 'baseline', minor: 4, expected: ['a:v1.2', 'b:v1.3', 'c:v1.4'] },
    { level: 'baseline', minor: 6, expected: ['a:v1.2', 'b:v1.5', 'c:v1.4'] },
    { level: 'restricted', minor: 0, expected: ['b:v1.0', 'c:v1.0'] },
    { level: 'restricted', minor: 1, expected: ['b:v1.0', 'c:v1.0', 'r:v1.1'] },
    { level: 'restricted', minor: 3, expected: ['a:v1.2', 'b:v1.3', 'c:v1.0', 'r:v1.1'] },
    { level: 'restricted', minor: 4, expected: ['a:v1.2', 'b:v1.3', 'o:v1.4', 'r:v1.1'] },
    { level: 'restricted', minor: 6, expected: ['a:v1.2', 'b:v1.5', 'o:v1.4', 'r:v1.6'] },
    { level: 'restricted', minor: 7, expected: ['a:v1.2', 'b:v1.5', 'o:v1.7', 'r:v1.6'] },
    { level: 'restricted', minor: 99, expected: ['a:v1.2', 'b:v1.5', 'o:v1.7', 'r:v1.6'] },
    { level: 'privileged', minor: 7, expected: [] },
  ] as const)('resolves $level at v1.$minor to $expected', ({ level, minor, expected }) => {
    // Act
    const resolved = labels(CHECKS, level, minor);

    // Assess
    expect(resolved).toEqual(expected);
  });

  it('caps versions at the newest revision of any check', () => {
    expect(createPssRegistry(CHECKS).maxMinor).toBe(7);
  });

  it('sorts checks by id with code-unit order (upper case before lower case)', () => {
    const checks = [
      check('runAsUser', 'baseline', ['v1.0']),
      check('runAsNonRoot', 'baseline', ['v1.0']),
      check('Zeta', 'baseline', ['v1.0']),
    ];
    expect(labels(checks, 'baseline', 0)).toEqual([
      'Zeta:v1.0',
      'runAsNonRoot:v1.0',
      'runAsUser:v1.0',
    ]);
  });

  it.each([
    {
      name: 'a duplicate id',
      checks: [check('a', 'baseline', ['v1.0']), check('a', 'restricted', ['v1.1'])],
      message: 'PSS check a: registered more than once',
    },
    {
      name: 'an empty id',
      checks: [check('', 'baseline', ['v1.0'])],
      message: 'PSS check with an empty id',
    },
    {
      name: 'an unknown level',
      checks: [check('a', 'privileged' as PssCheckLevel, ['v1.0'])],
      message: 'PSS check a: level must be baseline or restricted, got privileged',
    },
    {
      name: 'no versions',
      checks: [check('a', 'baseline', [])],
      message: 'PSS check a: has no versions',
    },
    {
      name: 'a malformed version',
      checks: [check('a', 'baseline', ['1.0'])],
      message: 'PSS check a: version must look like v1.<minor>, got "1.0"',
    },
    {
      name: "'latest' as a version",
      checks: [check('a', 'baseline', ['latest'])],
      message: 'PSS check a: version must look like v1.<minor>, got "latest"',
    },
    {
      name: 'a duplicate version',
      checks: [check('a', 'baseline', ['v1.0', 'v1.0'])],
      message: 'PSS check a: versions must be strictly increasing, got v1.0 after v1.0',
    },
    {
      name: 'decreasing versions',
      checks: [check('a', 'baseline', ['v1.10', 'v1.9'])],
      message: 'PSS check a: versions must be strictly increasing, got v1.9 after v1.10',
    },
    {
      name: 'an override by a baseline check',
      checks: [check('a', 'baseline', ['v1.0']), check('b', 'baseline', ['v1.0'], ['a'])],
      message: 'PSS check b: only restricted checks may override',
    },
    {
      name: 'an override of an unknown check',
      checks: [check('r', 'restricted', ['v1.0'], ['missing'])],
      message: 'PSS check r: overrides missing, which is not a registered baseline check',
    },
    {
      name: 'an override of a restricted check',
      checks: [check('r', 'restricted', ['v1.0']), check('s', 'restricted', ['v1.0'], ['r'])],
      message: 'PSS check s: overrides r, which is not a registered baseline check',
    },
    {
      name: 'an override listed twice',
      checks: [check('a', 'baseline', ['v1.0']), check('r', 'restricted', ['v1.0'], ['a', 'a'])],
      message: 'PSS check r: overrides the same check twice',
    },
  ])('refuses $name, naming the check', ({ checks, message }) => {
    // Act
    const build = () => createPssRegistry(checks);

    // Assess
    expect(build).toThrow(PssRegistryError);
    expect(build).toThrow(message);
  });
});
