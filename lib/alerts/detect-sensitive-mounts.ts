/**
 * Sensitive host access declared in a pod: hostPath volumes of sensitive host paths (with the
 * containers that mount them), and ephemeral debug containers that are privileged or mount a
 * host path (eks-audit-events.md §6, §7.1). Reads untrusted JSON: any field may be missing or of
 * the wrong type, and is then ignored.
 */
import { isObject } from '../audit/parse-audit-event.ts';
import type { Severity } from '../findings.ts';
import type { Pod } from '../k8s.ts';
import { CONTAINER_LISTS } from '../pss/check.ts';
import { classifyHostPath, normalizeHostPath, type PathVerdict } from './sensitive-paths.ts';

export interface VolumeMountRef {
  container: string;
  /** `spec.containers[0].volumeMounts[1]`. */
  field: string;
  mountPath: string;
  readOnly: boolean;
}

export interface HostPathMount {
  volume: string;
  /** The path as written in the pod, and as the node resolves it. */
  path: string;
  normalizedPath: string;
  /** `spec.volumes[<i>].hostPath.path`. */
  field: string;
  verdict: PathVerdict;
  mounts: VolumeMountRef[];
}

export interface RiskyEphemeralContainer {
  container: string;
  field: string;
  severity: Severity;
  message: string;
}

interface HostPathVolume {
  name: string;
  path: string;
  field: string;
}

/** hostPath volumes whose path is sensitive, each with every container mount of it. */
export function detectSensitiveMounts(pod: Pod): HostPathMount[] {
  const found: HostPathMount[] = [];
  for (const volume of hostPathVolumes(pod)) {
    const verdict = classifyHostPath(volume.path);
    if (verdict === null) continue;
    found.push({
      volume: volume.name,
      path: volume.path,
      normalizedPath: normalizeHostPath(volume.path),
      field: volume.field,
      verdict,
      mounts: mountsOf(pod, volume.name),
    });
  }
  return found;
}

/**
 * Ephemeral containers that are privileged or mount a hostPath volume. `names` limits the check
 * to the containers the request added; null checks them all.
 */
export function detectRiskyEphemeralContainers(
  pod: Pod,
  names: ReadonlySet<string> | null,
): RiskyEphemeralContainer[] {
  const spec = pod.spec as unknown;
  if (!isObject(spec) || !Array.isArray(spec.ephemeralContainers)) return [];
  const hostPaths = new Map(hostPathVolumes(pod).map((volume) => [volume.name, volume]));
  const found: RiskyEphemeralContainer[] = [];
  for (const [i, container] of spec.ephemeralContainers.entries()) {
    if (!isObject(container)) continue;
    const name = typeof container.name === 'string' ? container.name : '';
    if (names !== null && !names.has(name)) continue;
    const path = `spec.ephemeralContainers[${i}]`;
    const sc = container.securityContext;
    if (isObject(sc) && sc.privileged === true) {
      found.push({
        container: name,
        field: `${path}.securityContext.privileged`,
        severity: 'high',
        message: `debug container "${name}" is privileged`,
      });
    }
    const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
    for (const [j, mount] of mounts.entries()) {
      if (!isObject(mount) || typeof mount.name !== 'string') continue;
      const volume = hostPaths.get(mount.name);
      if (volume === undefined) continue;
      const verdict = classifyHostPath(volume.path);
      found.push({
        container: name,
        field: `${path}.volumeMounts[${j}]`,
        severity: verdict?.severity ?? 'medium',
        message:
          `debug container "${name}" mounts host path ${volume.path}` +
          (verdict === null ? '' : ` (${verdict.label})`),
      });
    }
  }
  return found;
}

/**
 * Names of the ephemeral containers a `pods/ephemeralcontainers` request body adds: a strategic
 * merge patch `{"spec":{"ephemeralContainers":[…]}}`, a JSON Patch array, or (≤ 1.21) an
 * `EphemeralContainers` object. Null when the body names none (check every container).
 */
export function selectAddedEphemeralNames(requestObject: unknown): ReadonlySet<string> | null {
  const names = new Set<string>();
  const collect = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (isObject(item) && typeof item.name === 'string') names.add(item.name);
    }
  };
  if (Array.isArray(requestObject)) {
    for (const op of requestObject) {
      if (!isObject(op) || typeof op.path !== 'string') continue;
      if (!op.path.startsWith('/spec/ephemeralContainers')) continue;
      if (Array.isArray(op.value)) collect(op.value);
      else collect([op.value]);
    }
  } else if (isObject(requestObject)) {
    if (isObject(requestObject.spec)) collect(requestObject.spec.ephemeralContainers);
    collect(requestObject.ephemeralContainers);
  }
  return names.size === 0 ? null : names;
}

function hostPathVolumes(pod: Pod): HostPathVolume[] {
  const spec = pod.spec as unknown;
  if (!isObject(spec) || !Array.isArray(spec.volumes)) return [];
  const volumes: HostPathVolume[] = [];
  for (const [i, volume] of spec.volumes.entries()) {
    if (!isObject(volume) || !isObject(volume.hostPath)) continue;
    if (typeof volume.hostPath.path !== 'string') continue;
    volumes.push({
      name: typeof volume.name === 'string' ? volume.name : '',
      path: volume.hostPath.path,
      field: `spec.volumes[${i}].hostPath.path`,
    });
  }
  return volumes;
}

function mountsOf(pod: Pod, volume: string): VolumeMountRef[] {
  const spec = pod.spec as unknown;
  if (!isObject(spec)) return [];
  const mounts: VolumeMountRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const [i, container] of containers.entries()) {
      if (!isObject(container) || !Array.isArray(container.volumeMounts)) continue;
      for (const [j, mount] of container.volumeMounts.entries()) {
        if (!isObject(mount) || mount.name !== volume) continue;
        mounts.push({
          container: typeof container.name === 'string' ? container.name : '',
          field: `spec.${list}[${i}].volumeMounts[${j}]`,
          mountPath: typeof mount.mountPath === 'string' ? mount.mountPath : '',
          readOnly: mount.readOnly === true,
        });
      }
    }
  }
  return mounts;
}
