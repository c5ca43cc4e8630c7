/**
 * What the ServiceAccount admission plugin does to a pod on CREATE before PodSecurityPolicy sees
 * it (psp-semantics.md §9; upstream plugin/pkg/admission/serviceaccount, Kubernetes 1.21–1.24):
 *
 * - A mirror pod (annotation `kubernetes.io/config.mirror`) is never changed.
 * - An empty `spec.serviceAccountName` becomes the deprecated `spec.serviceAccount` when that is
 *   set (the API's v1 conversion), else `default`.
 * - Unless the pod sets `automountServiceAccountToken: false`, every init container and container
 *   that has no volume mount at /var/run/secrets/kubernetes.io/serviceaccount gets a read-only
 *   mount there of the token volume. Ephemeral containers are never touched (they cannot be
 *   given at create). The token volume is the pod's first volume whose name starts with
 *   `kube-api-access-`; when there is none and some container got the mount, a projected volume
 *   is appended: a serviceAccountToken (`token`, expirationSeconds 3607), the `ca.crt` item of
 *   the `kube-root-ca.crt` ConfigMap and the pod's namespace from the downward API, defaultMode
 *   0644. Upstream names it `kube-api-access-<random>`; here the name is fixed
 *   (`kube-api-access-emulated`) so results are reproducible.
 *
 * Assumption: the ServiceAccount object's own `automountServiceAccountToken` is unknown here; it
 * is taken to allow automounting (its default). A pod whose service account disables it gets the
 * volume here but not in the cluster; such a pod is better evaluated as written.
 *
 * A pod the plugin already processed (a stored pod: service account named, every container
 * mounting the token path) comes back as the same object. The input is never modified.
 */
import type { Container, Pod, PodSpec, Volume } from '../k8s.ts';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
export const EMULATED_TOKEN_VOLUME_NAME = `${TOKEN_VOLUME_PREFIX}emulated`;
/** Upstream `WarnOnlyBoundTokenExpirationSeconds`: one hour and seven seconds. */
export const TOKEN_EXPIRATION_SECONDS = 3607;
/** 0644, the projected-volume default the plugin writes out explicitly. */
const TOKEN_VOLUME_DEFAULT_MODE = 0o644;

/** The projected volume the plugin adds (a new object on each call). */
export function serviceAccountTokenVolume(name: string = EMULATED_TOKEN_VOLUME_NAME): Volume {
  return {
    name,
    projected: {
      defaultMode: TOKEN_VOLUME_DEFAULT_MODE,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: TOKEN_EXPIRATION_SECONDS } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mountsTokenPath(container: Container): boolean {
  const mounts: unknown = container.volumeMounts;
  if (!Array.isArray(mounts)) return false;
  return mounts.some((mount) => isRecord(mount) && mount.mountPath === TOKEN_MOUNT_PATH);
}

/**
 * The list with the token mount added to each container that lacks one, or the same list when
 * none does (also for a missing or malformed list, which admission would never have let in).
 */
function withTokenMounts(list: unknown, volumeName: string): Container[] | undefined {
  if (!Array.isArray(list)) return undefined;
  let changed: Container[] | undefined;
  for (let i = 0; i < list.length; i += 1) {
    const container: unknown = list[i];
    if (!isRecord(container)) continue;
    const typed = container as unknown as Container;
    if (mountsTokenPath(typed)) continue;
    changed ??= [...(list as Container[])];
    const existing: unknown = typed.volumeMounts;
    changed[i] = {
      ...typed,
      volumeMounts: [
        ...(Array.isArray(existing) ? existing : []),
        { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH },
      ],
    };
  }
  return changed;
}

/** The pod as the ServiceAccount admission plugin passes it on to PSP on CREATE. */
export function emulateServiceAccountAdmission(pod: Pod): Pod {
  const spec: unknown = pod.spec;
  if (!isRecord(spec)) return pod;
  const annotations: unknown = pod.metadata?.annotations;
  if (isRecord(annotations) && annotations[MIRROR_POD_ANNOTATION] !== undefined) return pod;

  const podSpec = spec as unknown as PodSpec;
  let next: PodSpec | undefined;
  const edit = (): PodSpec => {
    next ??= { ...podSpec };
    return next;
  };

  if (typeof podSpec.serviceAccountName !== 'string' || podSpec.serviceAccountName === '') {
    const deprecated = podSpec.serviceAccount;
    edit().serviceAccountName =
      typeof deprecated === 'string' && deprecated !== '' ? deprecated : DEFAULT_SERVICE_ACCOUNT;
  }

  if (podSpec.automountServiceAccountToken !== false) {
    const volumes: unknown = podSpec.volumes;
    const volumeList: unknown[] = Array.isArray(volumes) ? volumes : [];
    const existing = volumeList.find(
      (volume) =>
        isRecord(volume) &&
        typeof volume.name === 'string' &&
        volume.name.startsWith(TOKEN_VOLUME_PREFIX),
    ) as Volume | undefined;
    const volumeName = existing?.name ?? EMULATED_TOKEN_VOLUME_NAME;
    const initContainers = withTokenMounts(podSpec.initContainers, volumeName);
    const containers = withTokenMounts(podSpec.containers, volumeName);
    if (initContainers) edit().initContainers = initContainers;
    if (containers) edit().containers = containers;
    if (existing === undefined && (initContainers || containers)) {
      edit().volumes = [...(volumeList as Volume[]), serviceAccountTokenVolume(volumeName)];
    }
  }

  return next === undefined ? pod : { ...pod, spec: next };
}
