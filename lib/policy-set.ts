/**
 * The policy set a pod is evaluated against: PodSecurityPolicies plus the RBAC objects that say
 * who may `use` them. Loaded from manifests (CLI) or from the policy store (ingest, API).
 */
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './k8s.ts';
import type { PodSecurityPolicy } from './psp/types.ts';

export interface RbacObjects {
  clusterRoles: ClusterRole[];
  clusterRoleBindings: ClusterRoleBinding[];
  roles: Role[];
  roleBindings: RoleBinding[];
}

export interface PolicySet {
  policies: PodSecurityPolicy[];
  /**
   * null when the manifests held no RBAC object at all: every policy is then usable by everyone.
   * When present, authorization follows it.
   */
  rbac: RbacObjects | null;
  /** Version in the policy store, or null for a set loaded from files. */
  version: string | null;
}

/** Who asks: the requesting user of the audit event (or CLI flags). */
export interface Requester {
  /** Username; undefined means anonymous with no groups. */
  user?: string;
  groups?: string[];
}
