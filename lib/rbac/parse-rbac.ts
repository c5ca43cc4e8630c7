/**
 * Validates RBAC manifests (rbac.authorization.k8s.io v1, v1beta1, v1alpha1): ClusterRole, Role,
 * ClusterRoleBinding, RoleBinding. Throws InvalidManifestError naming where and the field.
 * Only the parts that decide `use` grants are read; the object is returned as given.
 */
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../k8s.ts';
import { type JsonObject, ShapeChecker } from '../manifests/shape.ts';

export const RBAC_KINDS = ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'] as const;
export type RbacKind = (typeof RBAC_KINDS)[number];

const RBAC_API_VERSIONS = [
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
] as const;

function checkCommon(shape: ShapeChecker, object: JsonObject): void {
  shape.oneOf(object.apiVersion, 'apiVersion', RBAC_API_VERSIONS);
  const metadata = shape.object(object.metadata, 'metadata');
  shape.string(metadata.name, 'metadata.name');
  shape.optString(metadata.namespace, 'metadata.namespace');
}

function checkRules(shape: ShapeChecker, object: JsonObject): void {
  shape.optList(object.rules, 'rules', (item, p) => {
    const rule = shape.object(item, p);
    if (!Array.isArray(rule.verbs)) shape.fail(`${p}.verbs`, 'is required (a list)');
    for (const key of ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs']) {
      shape.optStringList(rule[key], `${p}.${key}`);
    }
  });
}

function checkBinding(shape: ShapeChecker, object: JsonObject, roleKinds: readonly string[]): void {
  const ref = shape.object(object.roleRef, 'roleRef');
  shape.oneOf(ref.kind, 'roleRef.kind', roleKinds);
  shape.string(ref.name, 'roleRef.name');
  shape.optList(object.subjects, 'subjects', (item, p) => {
    const subject = shape.object(item, p);
    shape.oneOf(subject.kind, `${p}.kind`, ['User', 'Group', 'ServiceAccount']);
    shape.string(subject.name, `${p}.name`);
    shape.optString(subject.namespace, `${p}.namespace`);
  });
}

export function parseRbacObject(
  kind: RbacKind,
  object: JsonObject,
  where: string,
): ClusterRole | Role | ClusterRoleBinding | RoleBinding {
  const shape = new ShapeChecker(where);
  checkCommon(shape, object);
  if (kind === 'ClusterRole' || kind === 'Role') checkRules(shape, object);
  else
    checkBinding(
      shape,
      object,
      kind === 'ClusterRoleBinding' ? ['ClusterRole'] : ['Role', 'ClusterRole'],
    );
  return object as unknown as ClusterRole;
}
