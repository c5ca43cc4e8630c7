import { describe, expect, it } from 'vitest';
import { minimalPod, podWithSecurityContext, runCheck } from '../test-support.ts';
import { readOnlyRootFilesystem } from './read-only-root-filesystem.ts';

describe('Check: readOnlyRootFilesystem', () => {
  it.each([
    {
      name: 'policy false skips the check',
      spec: { readOnlyRootFilesystem: false },
      pod: podWithSecurityContext({ readOnlyRootFilesystem: false }),
      expected: 'skipped',
    },
    {
      name: 'unset is defaulted to true (mutation)',
      spec: { readOnlyRootFilesystem: true },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'true is allowed',
      spec: { readOnlyRootFilesystem: true },
      pod: podWithSecurityContext({ readOnlyRootFilesystem: true }),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'an explicit false is denied',
      spec: { readOnlyRootFilesystem: true },
      pod: podWithSecurityContext({ readOnlyRootFilesystem: false }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.containers[0].securityContext.readOnlyRootFilesystem',
            message: 'ReadOnlyRootFilesystem must be set to true (container "app")',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(readOnlyRootFilesystem, spec, pod)).toEqual(expected);
  });
});
