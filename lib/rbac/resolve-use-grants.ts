/**
 * Which PodSecurityPolicies an identity may `use` in a namespace, as the RBAC authorizer decides
 * it (psp-semantics.md §4). A rule grants `use` on a policy when its verbs hold `use` or `*`,
 * its apiGroups `policy`, `extensions` or `*` (not the core group), its resources
 * `podsecuritypolicies` or `*`, and its resourceNames are empty or hold the policy's name.
 * ClusterRoleBindings apply everywhere; a RoleBinding only to pods in its own namespace.
 * Members of `system:masters` may use every policy.
 */
import type { PolicyRule, RoleRef, Subject } from 'kubernetes-types/rbac/v1.d.ts';
import type { RbacObjects } from '../policy-set.ts';

/** Every policy, or the named ones. */
export type PolicyGrant = 'all' | ReadonlySet<string>;

export interface Identity {
  /** undefined: no username (anonymous); matches no User or ServiceAccount subject. */
  user?: string;
  groups: readonly string[];
}

interface CompiledBinding {
  /** null for a ClusterRoleBinding. */
  namespace: string | null;
  subjects: readonly Subject[];
  grant: PolicyGrant;
}

const NO_GRANT: ReadonlySet<string> = new Set();

function ruleGrantsUse(rule: PolicyRule): boolean {
  return (
    (rule.verbs.includes('use') || rule.verbs.includes('*')) &&
    (rule.apiGroups ?? []).some((g) => g === 'policy' || g === 'extensions' || g === '*') &&
    (rule.resources ?? []).some((r) => r === 'podsecuritypolicies' || r === '*')
  );
}

/** The policies a role's rules let its holders use. */
export function resolveRuleGrant(rules: readonly PolicyRule[] | undefined): PolicyGrant {
  const names = new Set<string>();
  for (const rule of rules ?? []) {
    if (!ruleGrantsUse(rule)) continue;
    if (!rule.resourceNames || rule.resourceNames.length === 0) return 'all';
    for (const name of rule.resourceNames) names.add(name);
  }
  return names.size === 0 ? NO_GRANT : names;
}

function subjectMatches(subject: Subject, identity: Identity, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return identity.user !== undefined && subject.name === identity.user;
    case 'Group':
      return identity.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return (
        namespace !== '' &&
        identity.user !== undefined &&
        identity.user === `system:serviceaccount:${namespace}:${subject.name}`
      );
    }
    default:
      return false;
  }
}

function mergeGrant(into: Set<string>, grant: PolicyGrant): 'all' | undefined {
  if (grant === 'all') return 'all';
  for (const name of grant) into.add(name);
  return undefined;
}

export class UseGrantResolver {
  private readonly bindings: readonly CompiledBinding[];

  constructor(rbac: RbacObjects) {
    const clusterRoles = new Map(rbac.clusterRoles.map((r) => [r.metadata?.name ?? '', r]));
    const roles = new Map(
      rbac.roles.map((r) => [`${r.metadata?.namespace ?? 'default'}/${r.metadata?.name ?? ''}`, r]),
    );
    const grantOf = (ref: RoleRef, namespace: string | null): PolicyGrant => {
      if (ref.kind === 'ClusterRole') return resolveRuleGrant(clusterRoles.get(ref.name)?.rules);
      if (ref.kind === 'Role' && namespace !== null)
        return resolveRuleGrant(roles.get(`${namespace}/${ref.name}`)?.rules);
      return NO_GRANT;
    };
    const bindings: CompiledBinding[] = [];
    for (const b of rbac.clusterRoleBindings) {
      bindings.push({
        namespace: null,
        subjects: b.subjects ?? [],
        grant: grantOf(b.roleRef, null),
      });
    }
    for (const b of rbac.roleBindings) {
      const namespace = b.metadata?.namespace ?? 'default';
      bindings.push({
        namespace,
        subjects: b.subjects ?? [],
        grant: grantOf(b.roleRef, namespace),
      });
    }
    // Bindings that grant nothing on policies never matter.
    this.bindings = bindings.filter((b) => b.grant === 'all' || b.grant.size > 0);
  }

  /** The policies any of the identities may use for a pod in `namespace`. */
  resolve(identities: readonly Identity[], namespace: string): PolicyGrant {
    const names = new Set<string>();
    for (const identity of identities) {
      if (identity.groups.includes('system:masters')) return 'all';
      for (const binding of this.bindings) {
        if (binding.namespace !== null && binding.namespace !== namespace) continue;
        const bindingNamespace = binding.namespace ?? '';
        if (!binding.subjects.some((s) => subjectMatches(s, identity, bindingNamespace))) continue;
        if (mergeGrant(names, binding.grant) === 'all') return 'all';
      }
    }
    return names;
  }
}

/** The identity of a pod's service account: no `system:authenticated`. */
export function serviceAccountIdentity(namespace: string, serviceAccount: string): Identity {
  return {
    user: `system:serviceaccount:${namespace}:${serviceAccount}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
  };
}

export function grantAllows(grant: PolicyGrant, policy: string): boolean {
  return grant === 'all' || grant.has(policy);
}
