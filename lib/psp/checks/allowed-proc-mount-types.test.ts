import { describe, expect, it } from 'vitest';
import { minimalPod, podWithSecurityContext, runCheck } from '../test-support.ts';
import { allowedProcMountTypes } from './allowed-proc-mount-types.ts';

describe('Check: allowedProcMountTypes', () => {
  it.each([
    {
      name: 'unset is Default, allowed by an empty list',
      list: [],
      pod: minimalPod(),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'Unmasked when listed',
      list: ['Default', 'Unmasked'],
      pod: podWithSecurityContext({ procMount: 'Unmasked' }),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'Unmasked with an empty list is denied',
      list: [],
      pod: podWithSecurityContext({ procMount: 'Unmasked' }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.containers[0].securityContext.procMount',
            message: 'ProcMountType "Unmasked" is not allowed; allowed: Default (container "app")',
          },
        ],
      },
    },
  ])('$name', ({ list, pod, expected }) => {
    expect(runCheck(allowedProcMountTypes, { allowedProcMountTypes: list }, pod)).toEqual(expected);
  });
});
