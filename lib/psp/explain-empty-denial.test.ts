import { describe, expect, it } from 'vitest';
import { explainEmptyDenial } from './explain-empty-denial.ts';

const trace = {
  namespace: 'shop',
  serviceAccount: 'web',
  ignored: [],
  unauthorized: [],
  mutating: [],
};

describe('Function: explainEmptyDenial', () => {
  it.each([
    {
      name: 'no policy at all',
      t: trace,
      request: {},
      count: 0,
      text: 'no PodSecurityPolicy is defined (no providers available to validate the pod)',
    },
    {
      name: 'no usable policy',
      t: { ...trace, unauthorized: ['a', 'b'] },
      request: { user: 'alice', groups: ['devs'] },
      count: 2,
      text: 'neither user "alice" (groups devs) nor service account shop/web may use a, b',
    },
    {
      name: 'only mutating policies on update',
      t: { ...trace, mutating: ['restricted'] },
      request: { operation: 'update' as const },
      count: 1,
      text: 'on update only a policy that accepts the pod unchanged can admit it, and restricted would change it',
    },
    {
      name: 'a policy Kubernetes cannot use, and an anonymous requester',
      t: {
        ...trace,
        ignored: [{ name: 'x', reason: 'runAsUser: MustRunAs needs at least one range' }],
        unauthorized: ['y'],
      },
      request: {},
      count: 2,
      text: 'policy x cannot be used by Kubernetes (runAsUser: MustRunAs needs at least one range); neither an anonymous requester (no groups) nor service account shop/web may use y',
    },
  ])('$name', ({ t, request, count, text }) => {
    expect(explainEmptyDenial(t, request, count)).toBe(text);
  });
});
