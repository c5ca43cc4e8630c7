import { describe, expect, it } from 'vitest';
import { container, minimalPod, runCheck } from '../test-support.ts';
import { appArmor } from './app-armor.ts';

const KEY = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED = 'apparmor.security.beta.kubernetes.io/allowedProfileNames';
const DEFAULT = 'apparmor.security.beta.kubernetes.io/defaultProfileName';
const field = (name: string) => `metadata.annotations[${KEY}${name}]`;
const ok = { mutated: false, violations: [] };

describe('Check: appArmor', () => {
  it.each([
    {
      name: 'no list and no default: skipped',
      annotations: {},
      pod: minimalPod({}, { annotations: { [`${KEY}app`]: 'unconfined' } }),
      expected: 'skipped',
    },
    {
      name: 'a listed profile is allowed',
      annotations: { [ALLOWED]: 'runtime/default,localhost/k8s-nginx' },
      pod: minimalPod({}, { annotations: { [`${KEY}app`]: 'localhost/k8s-nginx' } }),
      expected: ok,
    },
    {
      name: 'the default fills an empty profile (mutation)',
      annotations: { [ALLOWED]: 'runtime/default', [DEFAULT]: 'runtime/default' },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'a default without a list is a mutation only',
      annotations: { [DEFAULT]: 'runtime/default' },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'with a list the profile must be set, per container',
      annotations: { [ALLOWED]: 'runtime/default' },
      pod: minimalPod(
        { initContainers: [container('init')] },
        { annotations: { [`${KEY}app`]: 'runtime/default' } },
      ),
      expected: {
        mutated: false,
        violations: [
          {
            field: field('init'),
            message:
              'AppArmor profile must be set; allowed profiles: runtime/default (init container "init")',
          },
        ],
      },
    },
    {
      name: 'no wildcard and no runtime/docker equivalence',
      annotations: { [ALLOWED]: 'runtime/default' },
      pod: minimalPod({}, { annotations: { [`${KEY}app`]: 'docker/default' } }),
      expected: {
        mutated: false,
        violations: [
          {
            field: field('app'),
            message:
              'AppArmor profile "docker/default" is not allowed; allowed profiles: runtime/default (container "app")',
          },
        ],
      },
    },
  ])('$name', ({ annotations, pod, expected }) => {
    expect(runCheck(appArmor, {}, pod, annotations as Record<string, string>)).toEqual(expected);
  });
});
