import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { seLinuxOptions } from './se-linux-options.ts';

const withType = (type: string) =>
  podWith({ securityContext: { seLinuxOptions: { type, level: 's0:c1' } } });

describe('Check: seLinuxOptions', () => {
  it.each(['', 'container_t', 'container_init_t', 'container_kvm_t'])(
    'allows type "%s" at v1.0',
    (type) => {
      expect(runPssCheck(seLinuxOptions, 'v1.0', withType(type))).toBeUndefined();
    },
  );

  it.each([
    { version: 'v1.30', allowed: false },
    { version: 'v1.31', allowed: true },
    { version: 'v1.37', allowed: true },
  ])('at $version, allows container_engine_t: $allowed', ({ version, allowed }) => {
    expect(runPssCheck(seLinuxOptions, version, withType('container_engine_t'))).toEqual(
      allowed
        ? undefined
        : {
            reason: 'seLinuxOptions',
            detail: 'pod set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
            fields: ['spec.securityContext.seLinuxOptions.type'],
          },
    );
  });

  it('denies bad types, users and roles, naming each setter', () => {
    const pod = podWith({
      securityContext: { seLinuxOptions: { type: 'spc_t' } },
      initContainers: [{ name: 'i', securityContext: { seLinuxOptions: { user: 'root' } } }],
      ephemeralContainers: [
        { name: 'e', securityContext: { seLinuxOptions: { role: 'r', type: 'unconfined_t' } } },
      ],
    });
    expect(runPssCheck(seLinuxOptions, 'v1.37', pod)).toEqual({
      reason: 'seLinuxOptions',
      detail:
        'pod and containers "i", "e" set forbidden securityContext.seLinuxOptions: types "spc_t", "unconfined_t"; user may not be set; role may not be set',
      fields: [
        'spec.securityContext.seLinuxOptions.type',
        'spec.initContainers[0].securityContext.seLinuxOptions.user',
        'spec.ephemeralContainers[0].securityContext.seLinuxOptions.type',
        'spec.ephemeralContainers[0].securityContext.seLinuxOptions.role',
      ],
    });
  });

  it('names a forbidden user even when every type is allowed', () => {
    const pod = podWith({
      containers: [{ name: 'a', securityContext: { seLinuxOptions: { user: 'u' } } }],
    });
    expect(runPssCheck(seLinuxOptions, 'v1.37', pod)?.detail).toBe(
      'container "a" set forbidden securityContext.seLinuxOptions: user may not be set',
    );
  });
});
