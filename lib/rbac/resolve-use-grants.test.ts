import type { PolicyRule } from 'kubernetes-types/rbac/v1.d.ts';
import { describe, expect, it } from 'vitest';
import type { RbacObjects } from '../policy-set.ts';
import {
  resolveRuleGrant,
  serviceAccountIdentity,
  UseGrantResolver,
} from './resolve-use-grants.ts';

const rule = (patch: Partial<PolicyRule>): PolicyRule => ({
  apiGroups: ['policy'],
  resources: ['podsecuritypolicies'],
  verbs: ['use'],
  ...patch,
});

describe('Function: resolveRuleGrant', () => {
  it.each([
    { name: 'use on podsecuritypolicies in policy', rules: [rule({})], grant: 'all' },
    { name: 'the extensions group', rules: [rule({ apiGroups: ['extensions'] })], grant: 'all' },
    {
      name: 'wildcards everywhere',
      rules: [rule({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] })],
      grant: 'all',
    },
    {
      name: 'resourceNames limit the grant',
      rules: [rule({ resourceNames: ['a', 'b'] })],
      grant: ['a', 'b'],
    },
    {
      name: 'grants add up across rules',
      rules: [rule({ resourceNames: ['a'] }), rule({ resourceNames: ['c'] })],
      grant: ['a', 'c'],
    },
    { name: 'the core group does not count', rules: [rule({ apiGroups: [''] })], grant: [] },
    { name: 'another verb does not count', rules: [rule({ verbs: ['get', 'list'] })], grant: [] },
    { name: 'another resource does not count', rules: [rule({ resources: ['pods'] })], grant: [] },
    { name: 'no rules', rules: undefined, grant: [] },
  ])('$name', ({ rules, grant }) => {
    const result = resolveRuleGrant(rules);
    expect(result === 'all' ? 'all' : [...result].sort()).toEqual(grant);
  });
});

describe('Class: UseGrantResolver', () => {
  const rbac: RbacObjects = {
    clusterRoles: [
      { metadata: { name: 'use-a' }, rules: [rule({ resourceNames: ['a'] })] },
      { metadata: { name: 'use-b' }, rules: [rule({ resourceNames: ['b'] })] },
      { metadata: { name: 'reader' }, rules: [rule({ verbs: ['get'] })] },
    ],
    roles: [
      { metadata: { name: 'use-c', namespace: 'ns1' }, rules: [rule({ resourceNames: ['c'] })] },
    ],
    clusterRoleBindings: [
      {
        metadata: { name: 'crb-a' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use-a' },
        subjects: [{ kind: 'User', name: 'alice' }],
      },
      {
        metadata: { name: 'crb-sa-no-ns' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use-b' },
        subjects: [{ kind: 'ServiceAccount', name: 'default' }],
      },
      {
        metadata: { name: 'crb-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
        subjects: [{ kind: 'Group', name: 'everyone' }],
      },
    ],
    roleBindings: [
      {
        metadata: { name: 'rb-b', namespace: 'ns1' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use-b' },
        subjects: [{ kind: 'ServiceAccount', name: 'default' }],
      },
      {
        metadata: { name: 'rb-c', namespace: 'ns1' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'use-c' },
        subjects: [{ kind: 'Group', name: 'devs' }],
      },
      {
        metadata: { name: 'rb-missing', namespace: 'ns1' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'nope' },
        subjects: [{ kind: 'Group', name: 'devs' }],
      },
    ],
  };
  const resolver = new UseGrantResolver(rbac);
  const names = (grant: ReturnType<UseGrantResolver['resolve']>) =>
    grant === 'all' ? 'all' : [...grant].sort();

  it.each([
    {
      name: 'a ClusterRoleBinding applies in every namespace',
      identity: { user: 'alice', groups: [] },
      namespace: 'x',
      grant: ['a'],
    },
    {
      name: 'a RoleBinding service account defaults to the binding namespace',
      identity: serviceAccountIdentity('ns1', 'default'),
      namespace: 'ns1',
      grant: ['b'],
    },
    {
      name: 'a ServiceAccount subject without namespace never matches in a ClusterRoleBinding',
      identity: serviceAccountIdentity('ns2', 'default'),
      namespace: 'ns2',
      grant: [],
    },
    {
      name: 'a Role is found in the binding namespace',
      identity: { user: 'bob', groups: ['devs'] },
      namespace: 'ns1',
      grant: ['c'],
    },
    {
      name: 'a RoleBinding does not apply in another namespace',
      identity: { user: 'bob', groups: ['devs'] },
      namespace: 'ns2',
      grant: [],
    },
    {
      name: 'a grant without use counts for nothing',
      identity: { user: 'x', groups: ['everyone'] },
      namespace: 'ns1',
      grant: [],
    },
    {
      name: 'system:masters may use everything',
      identity: { user: 'root', groups: ['system:masters'] },
      namespace: 'ns1',
      grant: 'all',
    },
    {
      name: 'an anonymous identity matches no user subject',
      identity: { groups: [] },
      namespace: 'ns1',
      grant: [],
    },
  ])('$name', ({ identity, namespace, grant }) => {
    expect(names(resolver.resolve([identity], namespace))).toEqual(grant);
  });

  it('unions the grants of several identities', () => {
    const grant = resolver.resolve(
      [{ user: 'alice', groups: [] }, serviceAccountIdentity('ns1', 'default')],
      'ns1',
    );
    expect(names(grant)).toEqual(['a', 'b']);
  });

  it('gives the service-account identity its two groups and no system:authenticated', () => {
    expect(serviceAccountIdentity('shop', 'web')).toEqual({
      user: 'system:serviceaccount:shop:web',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop'],
    });
  });
});
