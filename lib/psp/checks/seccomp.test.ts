import { describe, expect, it } from 'vitest';
import { container, minimalPod, runCheck } from '../test-support.ts';
import { seccomp } from './seccomp.ts';

const POD = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/app';
const podField = 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]';
const containerField = 'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]';
const allowed = (list: string, fallback?: string) => ({
  'seccomp.security.alpha.kubernetes.io/allowedProfileNames': list,
  ...(fallback ? { 'seccomp.security.alpha.kubernetes.io/defaultProfileName': fallback } : {}),
});
const withAnnotations = (annotations: Record<string, string>) => minimalPod({}, { annotations });
const ok = { mutated: false, violations: [] };

describe('Check: seccomp', () => {
  it.each([
    { name: 'no list, nothing set: fine', annotations: {}, pod: minimalPod(), expected: ok },
    {
      name: 'no list: even runtime/default may not be set (pod and inheriting container)',
      annotations: {},
      pod: withAnnotations({ [POD]: 'runtime/default' }),
      expected: {
        mutated: false,
        violations: [
          { field: podField, message: 'seccomp may not be set (profile "runtime/default")' },
          {
            field: containerField,
            message: 'seccomp may not be set (profile "runtime/default") (container "app")',
          },
        ],
      },
    },
    {
      name: '* allows anything',
      annotations: allowed('*'),
      pod: withAnnotations({ [POD]: 'unconfined' }),
      expected: ok,
    },
    {
      name: 'docker/default stands for runtime/default',
      annotations: allowed('runtime/default'),
      pod: withAnnotations({ [POD]: 'docker/default' }),
      expected: ok,
    },
    {
      name: 'runtime/default stands for docker/default',
      annotations: allowed('docker/default'),
      pod: withAnnotations({ [POD]: 'runtime/default' }),
      expected: ok,
    },
    {
      name: 'the default fills an empty profile (mutation)',
      annotations: allowed('runtime/default', 'runtime/default'),
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'the pod field is translated and counts as a mutation (annotation added)',
      annotations: allowed('runtime/default'),
      pod: minimalPod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'the pod field is adopted even under * (mutation)',
      annotations: allowed('*'),
      pod: minimalPod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'an empty profile fails a non-empty list',
      annotations: allowed('runtime/default'),
      pod: minimalPod(),
      expected: {
        mutated: false,
        violations: [
          {
            field: podField,
            message: 'seccomp profile must be set; allowed profiles: runtime/default',
          },
          {
            field: containerField,
            message:
              'seccomp profile must be set; allowed profiles: runtime/default (container "app")',
          },
        ],
      },
    },
    {
      name: 'a container field overrides the pod annotation',
      annotations: allowed('runtime/default'),
      pod: minimalPod(
        {
          containers: [
            container('app', {
              securityContext: {
                seccompProfile: { type: 'Localhost', localhostProfile: 'audit.json' },
              },
            }),
          ],
        },
        { annotations: { [POD]: 'runtime/default' } },
      ),
      expected: {
        mutated: false,
        violations: [
          {
            field: containerField,
            message:
              '"localhost/audit.json" is not an allowed seccomp profile; allowed profiles: runtime/default (container "app")',
          },
        ],
      },
    },
    {
      name: 'a container annotation overrides the pod annotation',
      annotations: allowed('runtime/default'),
      pod: withAnnotations({ [POD]: 'runtime/default', [CONTAINER]: 'unconfined' }),
      expected: {
        mutated: false,
        violations: [
          {
            field: containerField,
            message:
              '"unconfined" is not an allowed seccomp profile; allowed profiles: runtime/default (container "app")',
          },
        ],
      },
    },
  ])('$name', ({ annotations, pod, expected }) => {
    expect(runCheck(seccomp, {}, pod, annotations)).toEqual(expected);
  });
});
