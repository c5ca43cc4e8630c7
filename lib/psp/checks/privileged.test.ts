import { describe, expect, it } from 'vitest';
import { container, minimalPod, podWithSecurityContext, runCheck } from '../test-support.ts';
import { privileged } from './privileged.ts';

describe('Check: privileged', () => {
  it.each([
    {
      name: 'policy privileged: true skips the check',
      spec: { privileged: true },
      pod: podWithSecurityContext({ privileged: true }),
      expected: 'skipped',
    },
    {
      name: 'no securityContext is allowed',
      spec: { privileged: false },
      pod: minimalPod(),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'privileged: false is allowed',
      spec: { privileged: false },
      pod: podWithSecurityContext({ privileged: false }),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'a privileged container is denied',
      spec: { privileged: false },
      pod: podWithSecurityContext({ privileged: true }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.containers[0].securityContext.privileged',
            message: 'Privileged containers are not allowed (container "app")',
          },
        ],
      },
    },
    {
      name: 'init and ephemeral containers are checked with their own paths',
      spec: {},
      pod: minimalPod({
        initContainers: [container('init', { securityContext: { privileged: true } })],
        ephemeralContainers: [{ name: 'debug', securityContext: { privileged: true } }],
      }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.initContainers[0].securityContext.privileged',
            message: 'Privileged containers are not allowed (init container "init")',
          },
          {
            field: 'spec.ephemeralContainers[0].securityContext.privileged',
            message: 'Privileged containers are not allowed (ephemeral container "debug")',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(privileged, { privileged: false, ...spec }, pod)).toEqual(expected);
  });
});
