import { describe, expect, it } from 'vitest';
import { minimalPod, podWithSecurityContext, runCheck } from '../test-support.ts';
import { allowPrivilegeEscalation } from './allow-privilege-escalation.ts';

const denied = {
  mutated: false,
  violations: [
    {
      field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
      message: 'Allowing privilege escalation for containers is not allowed (container "app")',
    },
  ],
};

describe('Check: allowPrivilegeEscalation', () => {
  it.each([
    {
      name: 'absent in the policy means true: skipped',
      spec: {},
      pod: podWithSecurityContext({ allowPrivilegeEscalation: true }),
      expected: 'skipped',
    },
    {
      name: 'false: unset is defaulted to false (mutation)',
      spec: { allowPrivilegeEscalation: false },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'false: explicit false is allowed',
      spec: { allowPrivilegeEscalation: false },
      pod: podWithSecurityContext({ allowPrivilegeEscalation: false }),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'false: explicit true is denied',
      spec: { allowPrivilegeEscalation: false },
      pod: podWithSecurityContext({ allowPrivilegeEscalation: true }),
      expected: denied,
    },
    {
      name: 'a default is only a default: unset gets it (mutation)',
      spec: { defaultAllowPrivilegeEscalation: false },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'a default is never a limit',
      spec: { defaultAllowPrivilegeEscalation: false },
      pod: podWithSecurityContext({ allowPrivilegeEscalation: true }),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'a true default under allowPrivilegeEscalation false fails after defaulting',
      spec: { defaultAllowPrivilegeEscalation: true, allowPrivilegeEscalation: false },
      pod: minimalPod(),
      expected: { ...denied, mutated: true },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(allowPrivilegeEscalation, spec, pod)).toEqual(expected);
  });
});
