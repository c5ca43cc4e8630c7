import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { runAsNonRoot } from './run-as-non-root.ts';

describe('Check: runAsNonRoot', () => {
  it.each([
    {
      name: 'the pod sets true',
      spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'a' }] },
    },
    {
      name: 'every container sets true',
      spec: { containers: [{ name: 'a', securityContext: { runAsNonRoot: true } }] },
    },
  ])('allows a pod where $name', ({ spec }) => {
    expect(runPssCheck(runAsNonRoot, 'v1.0', podWith(spec))).toBeUndefined();
  });

  it('does not count a non-zero runAsUser', () => {
    const pod = podWith({ securityContext: { runAsUser: 1000 }, containers: [{ name: 'a' }] });
    expect(runPssCheck(runAsNonRoot, 'v1.0', pod)).toEqual({
      reason: 'runAsNonRoot != true',
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
      fields: ['spec.containers[0].securityContext.runAsNonRoot'],
    });
  });

  it('denies explicit false before reporting unset containers', () => {
    const pod = podWith({
      securityContext: { runAsNonRoot: false },
      containers: [{ name: 'a', securityContext: { runAsNonRoot: false } }, { name: 'b' }],
      ephemeralContainers: [{ name: 'e', securityContext: { runAsNonRoot: false } }],
    });
    expect(runPssCheck(runAsNonRoot, 'v1.37', pod)).toEqual({
      reason: 'runAsNonRoot != true',
      detail: 'pod and containers "a", "e" must not set securityContext.runAsNonRoot=false',
      fields: [
        'spec.securityContext.runAsNonRoot',
        'spec.containers[0].securityContext.runAsNonRoot',
        'spec.ephemeralContainers[0].securityContext.runAsNonRoot',
      ],
    });
  });

  it.each([
    { version: 'v1.34', hostUsers: false, denied: true },
    { version: 'v1.35', hostUsers: undefined, denied: true },
    { version: 'v1.35', hostUsers: true, denied: true },
    { version: 'v1.35', hostUsers: false, denied: false },
  ])(
    'at $version with hostUsers=$hostUsers, denies a root pod: $denied',
    ({ version, hostUsers, denied }) => {
      const pod = podWith({
        ...(hostUsers === undefined ? {} : { hostUsers }),
        securityContext: { runAsNonRoot: false },
        containers: [{ name: 'a' }],
      });
      expect(runPssCheck(runAsNonRoot, version, pod) !== undefined).toBe(denied);
    },
  );

  it('has no Windows exemption', () => {
    const pod = podWith({ os: { name: 'windows' }, containers: [{ name: 'a' }] });
    expect(runPssCheck(runAsNonRoot, 'v1.37', pod)?.reason).toBe('runAsNonRoot != true');
  });
});
