/**
 * The Kubernetes object shapes psp-audit reads. Pods and RBAC objects use the community
 * `kubernetes-types` definitions; PodSecurityPolicy (policy/v1beta1, removed from those types
 * with Kubernetes 1.25) is declared in lib/psp/types.ts. Everything read from outside is
 * untrusted JSON: these types describe the expected shape, parsers check it.
 */
export type {
  Container,
  EphemeralContainer,
  Pod,
  PodSecurityContext,
  PodSpec,
  SecurityContext,
  Volume,
} from 'kubernetes-types/core/v1.d.ts';
export type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1.d.ts';
