import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { seccompProfileBaseline } from './seccomp-profile-baseline.ts';

const POD_KEY = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_KEY = 'container.seccomp.security.alpha.kubernetes.io/';

const annotated = (annotations: Record<string, string>) =>
  podWith(
    { containers: [{ name: 'a' }], initContainers: [{ name: 'i' }] },
    { name: 'p', annotations },
  );

describe('Check: seccompProfile_baseline, v1.0 to v1.18 (annotations)', () => {
  it.each([
    { value: 'runtime/default' },
    { value: 'docker/default' },
    { value: 'localhost/profile.json' },
  ])('allows $value', ({ value }) => {
    const pod = annotated({ [POD_KEY]: value, [`${CONTAINER_KEY}a`]: value });
    expect(runPssCheck(seccompProfileBaseline, 'v1.18', pod)).toBeUndefined();
  });

  it('ignores annotations naming no container, and the fields', () => {
    const pod = annotated({ [`${CONTAINER_KEY}other`]: 'unconfined' });
    const spec = pod.spec as NonNullable<typeof pod.spec>;
    spec.securityContext = { seccompProfile: { type: 'Unconfined' } };
    expect(runPssCheck(seccompProfileBaseline, 'v1.0', pod)).toBeUndefined();
  });

  it.each([
    {
      annotations: { [POD_KEY]: 'unconfined' } as Record<string, string>,
      detail: `forbidden annotation ${POD_KEY}="unconfined"`,
      fields: [`metadata.annotations[${POD_KEY}]`],
    },
    {
      annotations: { [`${CONTAINER_KEY}i`]: '', [`${CONTAINER_KEY}a`]: 'unconfined' } as Record<
        string,
        string
      >,
      detail: `forbidden annotations ${CONTAINER_KEY}a="unconfined", ${CONTAINER_KEY}i=""`,
      fields: [
        `metadata.annotations[${CONTAINER_KEY}i]`,
        `metadata.annotations[${CONTAINER_KEY}a]`,
      ],
    },
  ])('denies $detail', ({ annotations, detail, fields }) => {
    expect(runPssCheck(seccompProfileBaseline, 'v1.18', annotated(annotations))).toEqual({
      reason: 'seccompProfile',
      detail,
      fields,
    });
  });
});

describe('Check: seccompProfile_baseline, v1.19+ (fields)', () => {
  it('ignores the annotations', () => {
    expect(
      runPssCheck(seccompProfileBaseline, 'v1.19', annotated({ [POD_KEY]: 'unconfined' })),
    ).toBeUndefined();
  });

  it.each([{ type: 'RuntimeDefault' }, { type: 'Localhost' }])(
    'allows $type, and unset',
    ({ type }) => {
      const pod = podWith({
        securityContext: { seccompProfile: { type } },
        containers: [{ name: 'a', securityContext: { seccompProfile: { type } } }, { name: 'b' }],
      });
      expect(runPssCheck(seccompProfileBaseline, 'v1.19', pod)).toBeUndefined();
    },
  );

  it('denies Unconfined at pod and container level', () => {
    const pod = podWith({
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [{ name: 'a', securityContext: { seccompProfile: { type: 'Unconfined' } } }],
    });
    expect(runPssCheck(seccompProfileBaseline, 'v1.37', pod)).toEqual({
      reason: 'seccompProfile',
      detail:
        'pod and container "a" must not set securityContext.seccompProfile.type to "Unconfined"',
      fields: [
        'spec.securityContext.seccompProfile.type',
        'spec.containers[0].securityContext.seccompProfile.type',
      ],
    });
  });
});
