/**
 * Checks that a pod body has the shape the evaluators read (objects where objects belong, lists
 * where lists belong), so a damaged body is reported as unevaluated instead of being judged
 * compliant by checks that skip what they cannot read. Also the rough risk of a pod, for the
 * severity of its violations.
 */
import { isObject, typeName } from '../audit/parse-audit-event.ts';
import type { Pod } from '../k8s.ts';
import { CONTAINER_LISTS } from '../pss/check.ts';

const CONTAINER_ARRAYS = ['volumeMounts', 'ports', 'env'] as const;

/** The first problem with the pod's shape, or null when the evaluators can read it. */
export function describeBadPodShape(pod: Pod): string | null {
  const value = pod as unknown as Record<string, unknown>;
  if (value.metadata !== undefined && !isObject(value.metadata)) {
    return `metadata must be an object, got ${typeName(value.metadata)}`;
  }
  if (isObject(value.metadata)) {
    const annotations = value.metadata.annotations;
    if (annotations !== undefined && annotations !== null && !isObject(annotations)) {
      return `metadata.annotations must be an object, got ${typeName(annotations)}`;
    }
  }
  const spec = value.spec;
  if (!isObject(spec)) return `spec must be an object, got ${typeName(spec)}`;
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
    return 'spec.containers must be a non-empty list';
  }
  if (spec.securityContext != null && !isObject(spec.securityContext)) {
    return `spec.securityContext must be an object, got ${typeName(spec.securityContext)}`;
  }
  if (spec.volumes != null) {
    if (!Array.isArray(spec.volumes))
      return `spec.volumes must be a list, got ${typeName(spec.volumes)}`;
    const index = spec.volumes.findIndex((volume) => !isObject(volume));
    if (index !== -1) return `spec.volumes[${index}] must be an object`;
  }
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (containers == null) continue;
    if (!Array.isArray(containers))
      return `spec.${list} must be a list, got ${typeName(containers)}`;
    for (const [i, container] of containers.entries()) {
      const path = `spec.${list}[${i}]`;
      if (!isObject(container)) return `${path} must be an object, got ${typeName(container)}`;
      const sc = container.securityContext;
      if (sc != null && !isObject(sc)) return `${path}.securityContext must be an object`;
      if (isObject(sc) && sc.capabilities != null && !isObject(sc.capabilities)) {
        return `${path}.securityContext.capabilities must be an object`;
      }
      for (const key of CONTAINER_ARRAYS) {
        if (container[key] != null && !Array.isArray(container[key])) {
          return `${path}.${key} must be a list, got ${typeName(container[key])}`;
        }
      }
    }
  }
  return null;
}

const DANGEROUS_CAPABILITIES = new Set([
  'ALL',
  'SYS_ADMIN',
  'CAP_SYS_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
]);

/** Privileged containers, host namespaces, hostPath volumes or dangerous capabilities. */
export function isHighRiskPod(pod: Pod): boolean {
  const spec = pod.spec as unknown;
  if (!isObject(spec)) return false;
  if (spec.hostNetwork === true || spec.hostPID === true || spec.hostIPC === true) return true;
  if (Array.isArray(spec.volumes) && spec.volumes.some((v) => isObject(v) && v.hostPath != null)) {
    return true;
  }
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) {
      const sc = isObject(container) ? container.securityContext : undefined;
      if (!isObject(sc)) continue;
      if (sc.privileged === true) return true;
      const add = isObject(sc.capabilities) ? sc.capabilities.add : undefined;
      if (Array.isArray(add) && add.some((cap) => DANGEROUS_CAPABILITIES.has(String(cap)))) {
        return true;
      }
    }
  }
  return false;
}
