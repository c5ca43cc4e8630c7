import { describe, expect, it } from 'vitest';
import { container, minimalPod, podWithSecurityContext, runCheck } from '../test-support.ts';
import { runAsUser } from './run-as-user.ts';

const mustRunAs = { runAsUser: { rule: 'MustRunAs' as const, ranges: [{ min: 1000, max: 2000 }] } };
const nonRoot = { runAsUser: { rule: 'MustRunAsNonRoot' as const } };
const ok = { mutated: false, violations: [] };
const sc = 'spec.containers[0].securityContext';

describe('Check: runAsUser', () => {
  it.each([
    {
      name: 'RunAsAny skips the check (root allowed)',
      spec: { runAsUser: { rule: 'RunAsAny' as const } },
      pod: podWithSecurityContext({ runAsUser: 0 }),
      expected: 'skipped',
    },
    {
      name: 'MustRunAs without ranges cannot be built: policy ignored',
      spec: { runAsUser: { rule: 'MustRunAs' as const } },
      pod: minimalPod(),
      expected: 'ignored',
    },
    {
      name: 'MustRunAs: a UID in range is allowed',
      spec: mustRunAs,
      pod: podWithSecurityContext({ runAsUser: 2000 }),
      expected: ok,
    },
    {
      name: 'MustRunAs: an unset UID is defaulted (mutation)',
      spec: mustRunAs,
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'MustRunAs: a UID out of range is denied',
      spec: mustRunAs,
      pod: podWithSecurityContext({ runAsUser: 0 }),
      expected: {
        mutated: false,
        violations: [
          {
            field: `${sc}.runAsUser`,
            message: 'runAsUser 0 must be in the ranges: [1000-2000] (container "app")',
          },
        ],
      },
    },
    {
      name: 'MustRunAs: a pod-level UID is reported on each inheriting container',
      spec: mustRunAs,
      pod: minimalPod({
        securityContext: { runAsUser: 5 },
        containers: [container('a'), container('b', { securityContext: { runAsUser: 1500 } })],
      }),
      expected: {
        mutated: false,
        violations: [
          {
            field: `${sc}.runAsUser`,
            message: 'runAsUser 5 must be in the ranges: [1000-2000] (container "a")',
          },
        ],
      },
    },
    {
      name: 'MustRunAsNonRoot: nothing set is defaulted to runAsNonRoot (mutation)',
      spec: nonRoot,
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'MustRunAsNonRoot: a non-zero UID alone is allowed as is',
      spec: nonRoot,
      pod: podWithSecurityContext({ runAsUser: 1000 }),
      expected: ok,
    },
    {
      name: 'MustRunAsNonRoot: runAsNonRoot alone is allowed (image USER left to the kubelet)',
      spec: nonRoot,
      pod: minimalPod({ securityContext: { runAsNonRoot: true } }),
      expected: ok,
    },
    {
      name: 'MustRunAsNonRoot: runAsNonRoot false is denied even with a non-zero UID',
      spec: nonRoot,
      pod: podWithSecurityContext({ runAsNonRoot: false, runAsUser: 1000 }),
      expected: {
        mutated: false,
        violations: [
          {
            field: `${sc}.runAsNonRoot`,
            message: 'runAsNonRoot is false but must be true (container "app")',
          },
        ],
      },
    },
    {
      name: 'MustRunAsNonRoot: UID 0 is denied',
      spec: nonRoot,
      pod: minimalPod({ securityContext: { runAsNonRoot: true, runAsUser: 0 } }),
      expected: {
        mutated: false,
        violations: [
          {
            field: `${sc}.runAsUser`,
            message: 'running with the root UID (runAsUser 0) is forbidden (container "app")',
          },
        ],
      },
    },
    {
      name: 'MustRunAsNonRoot: a pod-level value every container overrides is not checked',
      spec: nonRoot,
      pod: minimalPod({
        securityContext: { runAsUser: 0 },
        containers: [container('app', { securityContext: { runAsUser: 1000 } })],
      }),
      expected: ok,
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(runAsUser, spec, pod)).toEqual(expected);
  });
});
