import { describe, expect, it } from 'vitest';
import { container, minimalPod, runCheck } from '../test-support.ts';
import { equalLevels, seLinux } from './se-linux.ts';

const options = { user: 'system_u', role: 'system_r', type: 'container_t', level: 's0:c1,c2' };
const mustRunAs = { seLinux: { rule: 'MustRunAs' as const, seLinuxOptions: options } };
const ok = { mutated: false, violations: [] };

describe('Check: seLinux', () => {
  it.each([
    { expected: 's0:c1,c2', actual: 's0:c2,c1', equal: true },
    { expected: 's0:c1,c2', actual: 's0:c1', equal: false },
    { expected: 's0:c1', actual: 's1:c1', equal: false },
    { expected: 's0', actual: 's0', equal: true },
    { expected: 's0', actual: 's0:c1', equal: false },
  ])('level $expected vs $actual: $equal', ({ expected, actual, equal }) => {
    expect(equalLevels(expected, actual)).toBe(equal);
  });

  it.each([
    {
      name: 'RunAsAny skips the check',
      spec: { seLinux: { rule: 'RunAsAny' as const } },
      pod: minimalPod(),
      expected: 'skipped',
    },
    {
      name: 'MustRunAs without options cannot be built',
      spec: { seLinux: { rule: 'MustRunAs' as const } },
      pod: minimalPod(),
      expected: 'ignored',
    },
    {
      name: 'unset pod options are defaulted and inherited (mutation)',
      spec: mustRunAs,
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'equal options with reordered categories are allowed',
      spec: mustRunAs,
      pod: minimalPod({ securityContext: { seLinuxOptions: { ...options, level: 's0:c2,c1' } } }),
      expected: ok,
    },
    {
      name: 'a bad pod value is reported at the pod path and again per inheriting container',
      spec: mustRunAs,
      pod: minimalPod({ securityContext: { seLinuxOptions: { ...options, type: 'spc_t' } } }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.securityContext.seLinuxOptions.type',
            message: 'seLinuxOptions.type "spc_t" must be "container_t"',
          },
          {
            field: 'spec.containers[0].securityContext.seLinuxOptions.type',
            message: 'seLinuxOptions.type "spc_t" must be "container_t" (container "app")',
          },
        ],
      },
    },
    {
      name: 'container options are compared whole: absent fields are empty strings',
      spec: mustRunAs,
      pod: minimalPod({
        containers: [
          container('app', { securityContext: { seLinuxOptions: { level: 's0:c1,c2' } } }),
        ],
      }),
      expected: {
        mutated: true,
        violations: [
          {
            field: 'spec.containers[0].securityContext.seLinuxOptions.role',
            message: 'seLinuxOptions.role "" must be "system_r" (container "app")',
          },
          {
            field: 'spec.containers[0].securityContext.seLinuxOptions.type',
            message: 'seLinuxOptions.type "" must be "container_t" (container "app")',
          },
          {
            field: 'spec.containers[0].securityContext.seLinuxOptions.user',
            message: 'seLinuxOptions.user "" must be "system_u" (container "app")',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(seLinux, spec, pod)).toEqual(expected);
  });
});
