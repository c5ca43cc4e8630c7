import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidPolicyError } from '../errors.ts';
import { parseManifestText } from '../manifests/parse-manifest-text.ts';
import { parsePodSecurityPolicy } from './parse-policy.ts';

type Json = Record<string, unknown>;

/** Sets (or, with undefined, deletes) the value at a dotted path. */
function edit(object: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce((o, key) => o[key] as Json, object);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

const restrictive = () => {
  const [doc] = parseManifestText(
    readFileSync(join(import.meta.dirname, 'samples', 'eks-restrictive.yaml'), 'utf8'),
    'r.yaml',
  );
  return structuredClone(doc?.object ?? {}) as Json;
};

describe('Function: parsePodSecurityPolicy', () => {
  it('accepts the samples and reports no warning', () => {
    const warnings: string[] = [];
    const policy = parsePodSecurityPolicy(restrictive(), 'r.yaml', (w) => warnings.push(w));
    expect(policy.metadata.name).toBe('eks.restrictive');
    expect(warnings).toEqual([]);
  });

  it('accepts what the API accepts but Kubernetes cannot instantiate (MustRunAs without ranges)', () => {
    const object = restrictive();
    edit(object, 'spec.runAsUser', { rule: 'MustRunAs' });
    expect(parsePodSecurityPolicy(object, 'r.yaml').spec.runAsUser.rule).toBe('MustRunAs');
  });

  it.each([
    {
      name: 'an unknown rule',
      edit: ['spec.fsGroup.rule', 'Sometimes'],
      message:
        'r.yaml: spec.fsGroup.rule must be one of MustRunAs, MayRunAs, RunAsAny, got "Sometimes"',
    },
    {
      name: 'a missing required rule',
      edit: ['spec.seLinux', undefined],
      message: 'r.yaml: spec.seLinux is required',
    },
    {
      name: 'a range with min above max',
      edit: ['spec.fsGroup.ranges', [{ min: 10, max: 1 }]],
      message: 'r.yaml: spec.fsGroup.ranges[0] has min 10 greater than max 1',
    },
    {
      name: 'a host port above 65535',
      edit: ['spec.hostPorts', [{ min: 1, max: 70000 }]],
      message: 'r.yaml: spec.hostPorts[0].max must be between 0 and 65535',
    },
    {
      name: 'a mistyped flag',
      edit: ['spec.privileged', 'false'],
      message: 'r.yaml: spec.privileged must be true or false, got a string',
    },
    {
      name: 'another API version',
      edit: ['apiVersion', 'policy/v1'],
      message:
        'r.yaml: apiVersion must be one of policy/v1beta1, extensions/v1beta1, got "policy/v1"',
    },
    {
      name: 'a missing name',
      edit: ['metadata.name', ''],
      message: 'r.yaml: metadata.name must not be empty',
    },
  ])('refuses $name', ({ edit: [path, value], message }) => {
    const object = restrictive();
    edit(object, path as string, value);
    expect(() => parsePodSecurityPolicy(object, 'r.yaml')).toThrow(new InvalidPolicyError(message));
  });

  it('warns about a field PodSecurityPolicy does not have', () => {
    const object = restrictive();
    edit(object, 'spec.hostNetwrok', true);
    const warnings: string[] = [];
    parsePodSecurityPolicy(object, 'r.yaml', (w) => warnings.push(w));
    expect(warnings).toEqual([
      'r.yaml: spec.hostNetwrok is not a PodSecurityPolicy field; ignored',
    ]);
  });
});
