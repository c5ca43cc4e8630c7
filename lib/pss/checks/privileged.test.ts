import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { privileged } from './privileged.ts';

describe('Check: privileged', () => {
  it.each([
    { name: 'unset', containers: [{ name: 'a' }] },
    { name: 'false', containers: [{ name: 'a', securityContext: { privileged: false } }] },
  ])('allows privileged $name', ({ containers }) => {
    expect(runPssCheck(privileged, 'v1.0', podWith({ containers }))).toBeUndefined();
  });

  it.each([
    {
      name: 'one container',
      spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] },
      detail: 'container "a" must not set securityContext.privileged=true',
      fields: ['spec.containers[0].securityContext.privileged'],
    },
    {
      name: 'an ephemeral container and an init container',
      spec: {
        initContainers: [{ name: 'i', securityContext: { privileged: true } }],
        ephemeralContainers: [{ name: 'e', securityContext: { privileged: true } }],
      },
      detail: 'containers "i", "e" must not set securityContext.privileged=true',
      fields: [
        'spec.initContainers[0].securityContext.privileged',
        'spec.ephemeralContainers[0].securityContext.privileged',
      ],
    },
  ])('denies privileged=true in $name', ({ spec, detail, fields }) => {
    expect(runPssCheck(privileged, 'v1.37', podWith(spec))).toEqual({
      reason: 'privileged',
      detail,
      fields,
    });
  });
});
