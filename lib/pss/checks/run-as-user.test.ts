import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { runAsUser } from './run-as-user.ts';

describe('Check: runAsUser', () => {
  it('allows unset and non-zero users', () => {
    const pod = podWith({
      securityContext: { runAsUser: 1000 },
      containers: [{ name: 'a' }, { name: 'b', securityContext: { runAsUser: 1 } }],
    });
    expect(runPssCheck(runAsUser, 'v1.23', pod)).toBeUndefined();
  });

  it('denies runAsUser=0 at pod and container level', () => {
    const pod = podWith({
      securityContext: { runAsUser: 0 },
      initContainers: [{ name: 'i', securityContext: { runAsUser: 0 } }],
      containers: [{ name: 'a', securityContext: { runAsUser: 0 } }],
    });
    expect(runPssCheck(runAsUser, 'v1.23', pod)).toEqual({
      reason: 'runAsUser=0',
      detail: 'pod and containers "i", "a" must not set runAsUser=0',
      fields: [
        'spec.securityContext.runAsUser',
        'spec.initContainers[0].securityContext.runAsUser',
        'spec.containers[0].securityContext.runAsUser',
      ],
    });
  });

  it.each([
    { version: 'v1.34', hostUsers: false, denied: true },
    { version: 'v1.35', hostUsers: true, denied: true },
    { version: 'v1.35', hostUsers: false, denied: false },
  ])(
    'at $version with hostUsers=$hostUsers, denies UID 0: $denied',
    ({ version, hostUsers, denied }) => {
      const pod = podWith({
        hostUsers,
        securityContext: { runAsUser: 0 },
        containers: [{ name: 'a' }],
      });
      expect(runPssCheck(runAsUser, version, pod) !== undefined).toBe(denied);
    },
  );
});
