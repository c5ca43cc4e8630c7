import { describe, expect, it } from 'vitest';
import { minimalPod, runCheck } from '../test-support.ts';
import { fsGroup } from './fs-group.ts';

const ranges = [{ min: 1000, max: 2000 }];
const must = { rule: 'MustRunAs' as const, ranges };
const may = { rule: 'MayRunAs' as const, ranges };
const ok = { mutated: false, violations: [] };

describe('Check: fsGroup', () => {
  it.each([
    {
      name: 'RunAsAny: skipped',
      spec: { fsGroup: { rule: 'RunAsAny' as const } },
      pod: minimalPod(),
      expected: 'skipped',
    },
    {
      name: 'MustRunAs without ranges cannot be built',
      spec: { fsGroup: { rule: 'MustRunAs' as const } },
      pod: minimalPod(),
      expected: 'ignored',
    },
    {
      name: 'MustRunAs: unset is defaulted (mutation)',
      spec: { fsGroup: must },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    { name: 'MayRunAs: unset is fine', spec: { fsGroup: may }, pod: minimalPod(), expected: ok },
    {
      name: 'in range is allowed',
      spec: { fsGroup: must },
      pod: minimalPod({ securityContext: { fsGroup: 1000 } }),
      expected: ok,
    },
    {
      name: 'out of range is denied',
      spec: { fsGroup: may },
      pod: minimalPod({ securityContext: { fsGroup: 0 } }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.securityContext.fsGroup',
            message: 'fsGroup 0 must be in the ranges: [1000-2000]',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(fsGroup, spec, pod)).toEqual(expected);
  });
});
