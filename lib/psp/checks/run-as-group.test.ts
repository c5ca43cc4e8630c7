import { describe, expect, it } from 'vitest';
import { minimalPod, podWithSecurityContext, runCheck } from '../test-support.ts';
import { runAsGroup } from './run-as-group.ts';

const ranges = [{ min: 1000, max: 2000 }];
const must = { rule: 'MustRunAs' as const, ranges };
const may = { rule: 'MayRunAs' as const, ranges };
const ok = { mutated: false, violations: [] };

describe('Check: runAsGroup', () => {
  it.each([
    {
      name: 'absent in the policy: skipped',
      spec: {},
      pod: podWithSecurityContext({ runAsGroup: 0 }),
      expected: 'skipped',
    },
    {
      name: 'MayRunAs without ranges cannot be built',
      spec: { runAsGroup: { rule: 'MayRunAs' as const } },
      pod: minimalPod(),
      expected: 'ignored',
    },
    {
      name: 'MustRunAs: unset is defaulted (mutation)',
      spec: { runAsGroup: must },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'MayRunAs: unset is fine and not defaulted',
      spec: { runAsGroup: may },
      pod: minimalPod(),
      expected: ok,
    },
    {
      name: 'out of range is reported at the container securityContext itself',
      spec: { runAsGroup: may },
      pod: minimalPod({ securityContext: { runAsGroup: 0 } }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.containers[0].securityContext',
            message: 'runAsGroup 0 must be in the ranges: [1000-2000] (container "app")',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(runAsGroup, spec, pod)).toEqual(expected);
  });
});
