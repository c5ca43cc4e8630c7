/**
 * Sorts manifest objects into a PolicySet (PodSecurityPolicies and RBAC objects) and the pods to
 * evaluate, validating each: Pods, and the pod each workload (Deployment, StatefulSet, Job, …;
 * see parse-workload.ts) would create from its template. Unknown kinds are skipped with a warning. When the manifests hold
 * no RBAC object at all, `rbac` is null: every policy is usable by everyone.
 * A later object with the same kind, namespace and name replaces an earlier one (as
 * `kubectl apply` would), with a warning.
 */
import type { ClusterRole, ClusterRoleBinding, Pod, Role, RoleBinding } from '../k8s.ts';
import type { PolicySet } from '../policy-set.ts';
import { parsePodSecurityPolicy } from '../psp/parse-policy.ts';
import type { PodSecurityPolicy } from '../psp/types.ts';
import { parseRbacObject, RBAC_KINDS, type RbacKind } from '../rbac/parse-rbac.ts';
import type { ManifestDocument } from './parse-manifest-text.ts';
import { parsePod } from './parse-pod.ts';
import {
  isKnownWorkloadApiVersion,
  isWorkloadKind,
  parseWorkload,
  type WorkloadOrigin,
} from './parse-workload.ts';

export interface ManifestPod {
  source: string;
  pod: Pod;
  /** Set when the pod is the one a workload's controller would create from its template. */
  workload?: WorkloadOrigin;
}

export interface BuiltPolicySet {
  policySet: PolicySet;
  /** Pods, and the pods workloads would create, in manifest order. */
  pods: ManifestPod[];
  warnings: string[];
}

/** `pods.yaml#2 (Pod "web")`: where an object came from, for messages. */
export function describeDocument(doc: ManifestDocument): string {
  const kind = typeof doc.object.kind === 'string' ? doc.object.kind : 'object';
  const metadata = doc.object.metadata as { name?: unknown; generateName?: unknown } | undefined;
  const name = metadata?.name ?? metadata?.generateName;
  return typeof name === 'string'
    ? `${doc.source} (${kind} ${JSON.stringify(name)})`
    : `${doc.source} (${kind})`;
}

function keyOf(kind: string, object: { metadata?: { name?: string; namespace?: string } }): string {
  const namespaced = kind === 'Role' || kind === 'RoleBinding';
  const namespace = namespaced ? `${object.metadata?.namespace ?? 'default'}/` : '';
  return `${kind}/${namespace}${object.metadata?.name ?? ''}`;
}

export function buildPolicySet(docs: readonly ManifestDocument[]): BuiltPolicySet {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const policies = new Map<string, PodSecurityPolicy>();
  const rbacObjects = new Map<string, { kind: RbacKind; object: unknown }>();
  const seen = new Map<string, string>();
  const pods: ManifestPod[] = [];

  const remember = (key: string, doc: ManifestDocument) => {
    const earlier = seen.get(key);
    if (earlier !== undefined) warn(`${doc.source}: ${key} replaces the one from ${earlier}`);
    seen.set(key, doc.source);
  };

  for (const doc of docs) {
    const where = describeDocument(doc);
    const kind = doc.object.kind;
    if (kind === 'PodSecurityPolicy') {
      const policy = parsePodSecurityPolicy(doc.object, where, warn);
      const key = keyOf(kind, policy);
      remember(key, doc);
      policies.set(key, policy);
    } else if ((RBAC_KINDS as readonly unknown[]).includes(kind)) {
      const rbacKind = kind as RbacKind;
      const object = parseRbacObject(rbacKind, doc.object, where);
      const key = keyOf(rbacKind, object);
      remember(key, doc);
      rbacObjects.set(key, { kind: rbacKind, object });
    } else if (kind === 'Pod') {
      pods.push({ source: doc.source, pod: parsePod(doc.object, where) });
    } else if (isWorkloadKind(kind) && isKnownWorkloadApiVersion(kind, doc.object.apiVersion)) {
      pods.push({ source: doc.source, ...parseWorkload(doc.object, where) });
    } else if (typeof kind !== 'string') {
      warn(`${where}: has no kind; ignored`);
    } else {
      warn(`${where}: kind ${kind} is not evaluated; ignored`);
    }
  }

  let rbac: PolicySet['rbac'] = null;
  if (rbacObjects.size > 0) {
    rbac = { clusterRoles: [], clusterRoleBindings: [], roles: [], roleBindings: [] };
    for (const { kind, object } of rbacObjects.values()) {
      if (kind === 'ClusterRole') rbac.clusterRoles.push(object as ClusterRole);
      else if (kind === 'Role') rbac.roles.push(object as Role);
      else if (kind === 'ClusterRoleBinding')
        rbac.clusterRoleBindings.push(object as ClusterRoleBinding);
      else rbac.roleBindings.push(object as RoleBinding);
    }
  }
  return { policySet: { policies: [...policies.values()], rbac, version: null }, pods, warnings };
}
