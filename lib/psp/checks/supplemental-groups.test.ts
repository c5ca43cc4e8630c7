import { describe, expect, it } from 'vitest';
import { minimalPod, runCheck } from '../test-support.ts';
import { supplementalGroups } from './supplemental-groups.ts';

const ranges = [{ min: 1000, max: 2000 }];
const must = { rule: 'MustRunAs' as const, ranges };
const may = { rule: 'MayRunAs' as const, ranges };
const ok = { mutated: false, violations: [] };

describe('Check: supplementalGroups', () => {
  it.each([
    {
      name: 'RunAsAny: skipped',
      spec: { supplementalGroups: { rule: 'RunAsAny' as const } },
      pod: minimalPod(),
      expected: 'skipped',
    },
    {
      name: 'MustRunAs: unset is defaulted (mutation)',
      spec: { supplementalGroups: must },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'MustRunAs: an empty list counts as unset',
      spec: { supplementalGroups: must },
      pod: minimalPod({ securityContext: { supplementalGroups: [] } }),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'MayRunAs: every value in range is allowed',
      spec: { supplementalGroups: may },
      pod: minimalPod({ securityContext: { supplementalGroups: [1000, 2000] } }),
      expected: ok,
    },
    {
      name: 'each value out of range is reported',
      spec: { supplementalGroups: may },
      pod: minimalPod({ securityContext: { supplementalGroups: [0, 1500, 3000] } }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.securityContext.supplementalGroups',
            message: 'supplemental group 0 must be in the ranges: [1000-2000]',
          },
          {
            field: 'spec.securityContext.supplementalGroups',
            message: 'supplemental group 3000 must be in the ranges: [1000-2000]',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(supplementalGroups, spec, pod)).toEqual(expected);
  });
});
