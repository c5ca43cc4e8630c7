/**
 * The objects of a stored policy set, shared by the DynamoDB and the in-memory policy stores:
 * how an object is named, how an import merges into the current set, and how a set becomes a
 * PolicySet. Objects arrive validated by the caller; only the identity fields are read here.
 */
import { InvalidManifestError, NotFoundError } from '../errors.ts';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../k8s.ts';
import type { PolicySet, RbacObjects } from '../policy-set.ts';
import type { PodSecurityPolicy } from '../psp/types.ts';

export const POLICY_KINDS = [
  'PodSecurityPolicy',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
] as const;
const NAMESPACED_KINDS: readonly string[] = ['Role', 'RoleBinding'];

interface ObjectIdentity {
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** `<kind>/<name>`, or `<kind>/<namespace>/<name>` for Role and RoleBinding. */
export function refOf(object: unknown): string {
  const { kind, metadata } = identityOf(object);
  return NAMESPACED_KINDS.includes(kind)
    ? `${kind}/${metadata.namespace ?? 'default'}/${metadata.name}`
    : `${kind}/${metadata.name}`;
}

export function refOfParts(kind: string, name: string, namespace?: string): string {
  return NAMESPACED_KINDS.includes(kind)
    ? `${kind}/${namespace ?? 'default'}/${name}`
    : `${kind}/${name}`;
}

function identityOf(object: unknown): ObjectIdentity {
  const candidate = object as Partial<ObjectIdentity> | null;
  const kind = candidate?.kind;
  const name = candidate?.metadata?.name;
  if (typeof kind !== 'string' || !(POLICY_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidManifestError(
      `policy store: kind must be one of ${POLICY_KINDS.join(', ')}, got ${JSON.stringify(kind)}`,
    );
  }
  if (typeof name !== 'string' || name === '') {
    throw new InvalidManifestError(`policy store: ${kind} has no metadata.name`);
  }
  return candidate as ObjectIdentity;
}

/**
 * An import is an upsert: each object replaces the stored one with the same kind, namespace and
 * name (in place, keeping order) or is appended. Later duplicates within one import win.
 */
export function mergeObjects(current: readonly unknown[], imported: readonly unknown[]): unknown[] {
  const byRef = new Map<string, unknown>(current.map((object) => [refOf(object), object]));
  for (const object of imported) byRef.set(refOf(object), object);
  return [...byRef.values()];
}

/** The set without one object; NotFoundError naming it when it is not there. */
export function removeObject(
  current: readonly unknown[],
  kind: string,
  name: string,
  namespace?: string,
): unknown[] {
  const ref = refOfParts(kind, name, namespace);
  const rest = current.filter((object) => refOf(object) !== ref);
  if (rest.length === current.length) {
    throw new NotFoundError(`policy store: ${ref} is not in the current policy set`);
  }
  return rest;
}

export function toPolicySet(objects: readonly unknown[], version: string | null): PolicySet {
  const ofKind = <T>(kind: string) => objects.filter((o) => identityOf(o).kind === kind) as T[];
  const rbac: RbacObjects = {
    clusterRoles: ofKind<ClusterRole>('ClusterRole'),
    clusterRoleBindings: ofKind<ClusterRoleBinding>('ClusterRoleBinding'),
    roles: ofKind<Role>('Role'),
    roleBindings: ofKind<RoleBinding>('RoleBinding'),
  };
  const hasRbac = Object.values(rbac).some((list) => list.length > 0);
  return {
    policies: ofKind<PodSecurityPolicy>('PodSecurityPolicy'),
    rbac: hasRbac ? rbac : null,
    version,
  };
}

/** Refs of a set, sorted, as StoredPolicySetSummary lists them. */
export function refsOf(objects: readonly unknown[]): string[] {
  return objects.map(refOf).sort();
}

/** `v000007`: zero-padded so versions sort as strings. */
export function formatVersion(counter: number): string {
  return `v${String(counter).padStart(6, '0')}`;
}
