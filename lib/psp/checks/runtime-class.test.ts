import { describe, expect, it } from 'vitest';
import { minimalPod, runCheck } from '../test-support.ts';
import { runtimeClass } from './runtime-class.ts';

const ok = { mutated: false, violations: [] };
const denied = (name: string, allowed: string) => ({
  field: 'spec.runtimeClassName',
  message: `runtime class "${name}" is not allowed; allowed: ${allowed}`,
});

describe('Check: runtimeClass', () => {
  it.each([
    {
      name: 'no stanza skips the check',
      spec: {},
      pod: minimalPod({ runtimeClassName: 'kata' }),
      expected: 'skipped',
    },
    {
      name: 'unset is fine without a default',
      spec: { runtimeClass: { allowedRuntimeClassNames: [] } },
      pod: minimalPod(),
      expected: ok,
    },
    {
      name: 'unset gets the default (mutation)',
      spec: {
        runtimeClass: { allowedRuntimeClassNames: ['gvisor'], defaultRuntimeClassName: 'gvisor' },
      },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'a listed name is allowed',
      spec: { runtimeClass: { allowedRuntimeClassNames: ['gvisor'] } },
      pod: minimalPod({ runtimeClassName: 'gvisor' }),
      expected: ok,
    },
    {
      name: '* allows any name',
      spec: { runtimeClass: { allowedRuntimeClassNames: ['*'], defaultRuntimeClassName: 'x' } },
      pod: minimalPod({ runtimeClassName: 'kata' }),
      expected: ok,
    },
    {
      name: 'an empty list rejects every name',
      spec: { runtimeClass: { allowedRuntimeClassNames: [] } },
      pod: minimalPod({ runtimeClassName: 'gvisor' }),
      expected: { mutated: false, violations: [denied('gvisor', 'none')] },
    },
    {
      name: 'an unlisted name is denied',
      spec: { runtimeClass: { allowedRuntimeClassNames: ['gvisor'] } },
      pod: minimalPod({ runtimeClassName: 'kata' }),
      expected: { mutated: false, violations: [denied('kata', 'gvisor')] },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(runtimeClass, spec, pod)).toEqual(expected);
  });
});
