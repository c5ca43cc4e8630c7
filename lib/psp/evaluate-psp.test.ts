import { describe, expect, it } from 'vitest';
import type { RbacObjects } from '../policy-set.ts';
import { evaluatePsp, evaluatePspWithTrace } from './evaluate-psp.ts';
import { minimalPod, podWithSecurityContext, policy, policySet } from './test-support.ts';

/** Would default runAsNonRoot on a pod that sets neither runAsNonRoot nor runAsUser. */
const mutating = (name: string) => policy(name, { runAsUser: { rule: 'MustRunAsNonRoot' } });
const unprivileged = (name: string) => policy(name, { privileged: false });
const privilegedPod = podWithSecurityContext({ privileged: true });
const privilegedReason = (name: string) => ({
  policy: name,
  field: 'spec.containers[0].securityContext.privileged',
  message: 'Privileged containers are not allowed (container "app")',
});

function grant(
  name: string,
  subjects: { kind: string; name: string; namespace?: string }[],
  policies: string[] = ['*'],
): RbacObjects {
  return {
    clusterRoles: [
      {
        metadata: { name: `use-${name}` },
        rules: [
          {
            apiGroups: ['policy'],
            resources: ['podsecuritypolicies'],
            verbs: ['use'],
            ...(policies[0] === '*' ? {} : { resourceNames: policies }),
          },
        ],
      },
    ],
    clusterRoleBindings: [
      {
        metadata: { name },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: `use-${name}`,
        },
        subjects,
      },
    ],
    roles: [],
    roleBindings: [],
  };
}

describe('Function: evaluatePsp — policy order and mutation', () => {
  it.each([
    { name: 'byte-wise order: psp-10 before psp-9', names: ['psp-9', 'psp-10'], chosen: 'psp-10' },
    {
      name: 'byte-wise order: eks-restricted before eks.privileged',
      names: ['eks.privileged', 'eks-restricted'],
      chosen: 'eks-restricted',
    },
    {
      name: 'byte-wise order: upper case before lower case',
      names: ['alpha', 'Zulu'],
      chosen: 'Zulu',
    },
  ])('$name', ({ names, chosen }) => {
    const verdict = evaluatePsp(minimalPod(), policySet(names.map((n) => policy(n))), {});
    expect(verdict).toEqual({ allowed: true, policy: chosen, mutated: false, reasons: [] });
  });

  it('prefers a policy that admits the pod unchanged over one that would change it, whatever the names', () => {
    const verdict = evaluatePsp(
      minimalPod(),
      policySet([mutating('a-restricted'), policy('z-permissive')]),
      {},
    );
    expect(verdict).toEqual({ allowed: true, policy: 'z-permissive', mutated: false, reasons: [] });
  });

  it('on create, admits with the first mutating policy by name when no policy leaves the pod unchanged', () => {
    const verdict = evaluatePsp(
      privilegedPod,
      policySet([mutating('m-2'), mutating('m-1'), unprivileged('a')]),
      { operation: 'create' },
    );
    expect(verdict).toEqual({ allowed: true, policy: 'm-1', mutated: true, reasons: [] });
  });

  it('on update, skips a policy that would change the pod, silently', () => {
    const verdict = evaluatePsp(minimalPod(), policySet([mutating('m-1')]), {
      operation: 'update',
    });
    expect(verdict).toEqual({ allowed: false, policy: null, mutated: false, reasons: [] });
  });

  it('on update, reports the errors of rejecting policies but not the skipped mutating ones', () => {
    const pod = podWithSecurityContext({ privileged: true }, {});
    const set = policySet([mutating('m-1'), unprivileged('u-1')]);
    expect(evaluatePsp(pod, set, { operation: 'update' })).toEqual({
      allowed: false,
      policy: null,
      mutated: false,
      reasons: [privilegedReason('u-1')],
    });
  });

  it.each([
    { operation: 'update' as const, hint: 'b', chosen: 'b' },
    { operation: 'update' as const, hint: 'unknown', chosen: 'a' },
    { operation: 'create' as const, hint: 'b', chosen: 'a' },
  ])(
    'on $operation with kubernetes.io/psp "$hint", $chosen admits',
    ({ operation, hint, chosen }) => {
      const pod = minimalPod({}, { annotations: { 'kubernetes.io/psp': hint } });
      expect(evaluatePsp(pod, policySet([policy('a'), policy('b')]), { operation }).policy).toBe(
        chosen,
      );
    },
  );

  it('denies with the errors of every usable policy, in name order', () => {
    const set = policySet([
      unprivileged('b'),
      unprivileged('a'),
      policy('c', { privileged: false, hostPID: false }),
    ]);
    expect(evaluatePsp(privilegedPod, set, {})).toEqual({
      allowed: false,
      policy: null,
      mutated: false,
      reasons: [privilegedReason('a'), privilegedReason('b'), { ...privilegedReason('c') }],
    });
  });

  it('denies with no reasons when there is no policy (no providers)', () => {
    expect(evaluatePsp(minimalPod(), policySet([]), {})).toEqual({
      allowed: false,
      policy: null,
      mutated: false,
      reasons: [],
    });
  });

  it('ignores a policy Kubernetes cannot instantiate, silently', () => {
    const broken = policy('a-broken', { runAsUser: { rule: 'MustRunAs' } });
    const { verdict, trace } = evaluatePspWithTrace(
      privilegedPod,
      policySet([broken, unprivileged('b')]),
      {},
    );
    expect(verdict.reasons).toEqual([privilegedReason('b')]);
    expect(trace.ignored).toEqual([
      { name: 'a-broken', reason: 'runAsUser: MustRunAs needs at least one range' },
    ]);
  });
});

describe('Function: evaluatePsp — who may use a policy', () => {
  const set = (rbac: RbacObjects) =>
    policySet([unprivileged('restricted'), policy('wide-open')], rbac);

  it.each([
    {
      name: 'no RBAC objects: everyone may use every policy',
      rbac: null,
      request: {},
      chosen: 'wide-open',
    },
    {
      name: 'a group grant works through the requester',
      rbac: grant('g', [{ kind: 'Group', name: 'system:authenticated' }], ['wide-open']),
      request: { user: 'alice', groups: ['system:authenticated'] },
      chosen: 'wide-open',
    },
    {
      name: 'a user grant works through the requester',
      rbac: grant('u', [{ kind: 'User', name: 'alice' }], ['wide-open']),
      request: { user: 'alice' },
      chosen: 'wide-open',
    },
    {
      name: 'a service-account grant works through the pod',
      rbac: grant(
        's',
        [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
        ['wide-open'],
      ),
      request: {},
      chosen: 'wide-open',
    },
    {
      name: 'the system:serviceaccounts group works through the pod',
      rbac: grant('s', [{ kind: 'Group', name: 'system:serviceaccounts' }], ['wide-open']),
      request: {},
      chosen: 'wide-open',
    },
    {
      name: 'the namespace service-account group works through the pod',
      rbac: grant('s', [{ kind: 'Group', name: 'system:serviceaccounts:default' }], ['wide-open']),
      request: {},
      chosen: 'wide-open',
    },
    {
      name: 'system:masters may use every policy',
      rbac: grant('none', []),
      request: { user: 'admin', groups: ['system:masters'] },
      chosen: 'wide-open',
    },
    {
      name: 'the service account does not carry system:authenticated',
      rbac: grant('g', [{ kind: 'Group', name: 'system:authenticated' }], ['wide-open']),
      request: {},
      chosen: null,
    },
    {
      name: 'an anonymous requester matches no user',
      rbac: grant('u', [{ kind: 'User', name: '' }], ['wide-open']),
      request: {},
      chosen: null,
    },
  ])('$name', ({ rbac, request, chosen }) => {
    const verdict = evaluatePsp(
      privilegedPod,
      rbac ? set(rbac) : policySet(set(grant('x', [])).policies),
      request,
    );
    expect(verdict.policy).toBe(chosen);
    expect(verdict.allowed).toBe(chosen !== null);
  });

  it('reports errors only from policies the caller may use', () => {
    const rbac = grant('g', [{ kind: 'Group', name: 'devs' }], ['restricted']);
    expect(
      evaluatePsp(privilegedPod, set(rbac), { user: 'bob', groups: ['devs'] }).reasons,
    ).toEqual([privilegedReason('restricted')]);
    expect(evaluatePsp(privilegedPod, set(rbac), { user: 'eve', groups: [] })).toEqual({
      allowed: false,
      policy: null,
      mutated: false,
      reasons: [],
    });
  });

  it('applies a RoleBinding only to pods in its namespace', () => {
    const rbac: RbacObjects = {
      clusterRoles: [
        {
          metadata: { name: 'use-all' },
          rules: [
            { apiGroups: ['extensions'], resources: ['podsecuritypolicies'], verbs: ['use'] },
          ],
        },
      ],
      clusterRoleBindings: [],
      roles: [],
      roleBindings: [
        {
          metadata: { name: 'b', namespace: 'team-a' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use-all' },
          subjects: [{ kind: 'ServiceAccount', name: 'builder' }],
        },
      ],
    };
    const podIn = (namespace: string) => ({
      ...podWithSecurityContext({ privileged: true }, { serviceAccountName: 'builder' }),
      metadata: { name: 'p', namespace },
    });
    const inTeamA = podIn('team-a');
    const inTeamB = podIn('team-b');
    expect(evaluatePsp(inTeamA, set(rbac), {}).policy).toBe('wide-open');
    expect(evaluatePsp(inTeamB, set(rbac), {}).policy).toBe(null);
  });

  it('caches per requester: a second request with other groups gets its own answer', () => {
    const shared = set(grant('g', [{ kind: 'Group', name: 'ops' }], ['wide-open']));
    expect(evaluatePsp(privilegedPod, shared, { user: 'a', groups: ['ops'] }).allowed).toBe(true);
    expect(evaluatePsp(privilegedPod, shared, { user: 'a', groups: [] }).allowed).toBe(false);
    expect(evaluatePsp(privilegedPod, shared, { user: 'a', groups: ['ops'] }).allowed).toBe(true);
  });

  it('traces the policies nobody in the request may use', () => {
    const { verdict, trace } = evaluatePspWithTrace(privilegedPod, set(grant('none', [])), {
      user: 'eve',
    });
    expect(verdict.allowed).toBe(false);
    expect(trace).toEqual({
      namespace: 'default',
      serviceAccount: 'default',
      ignored: [],
      unauthorized: ['restricted', 'wide-open'],
      mutating: [],
    });
  });
});
