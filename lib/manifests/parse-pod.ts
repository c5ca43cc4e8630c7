/**
 * Validates a v1 Pod manifest far enough that the evaluators can trust every field they read:
 * metadata (name or generateName, namespace, annotations), spec (containers of every kind with
 * their security contexts, ports and mounts; the pod security context; volumes). Throws
 * InvalidManifestError naming where and the field. The object is returned as given.
 */
import type { Pod } from '../k8s.ts';
import { type JsonObject, ShapeChecker } from './shape.ts';

const CONTAINER_KINDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const INT32 = 2_147_483_647;

function checkSeLinux(shape: ShapeChecker, value: unknown, path: string): void {
  const options = shape.optObject(value, path);
  for (const key of ['user', 'role', 'type', 'level'])
    shape.optString(options?.[key], `${path}.${key}`);
}

function checkSeccomp(shape: ShapeChecker, value: unknown, path: string): void {
  const profile = shape.optObject(value, path);
  if (!profile) return;
  shape.string(profile.type, `${path}.type`);
  shape.optString(profile.localhostProfile, `${path}.localhostProfile`);
}

function checkContainerSecurityContext(shape: ShapeChecker, value: unknown, path: string): void {
  const sc = shape.optObject(value, path);
  if (!sc) return;
  for (const key of [
    'privileged',
    'readOnlyRootFilesystem',
    'allowPrivilegeEscalation',
    'runAsNonRoot',
  ]) {
    shape.optBoolean(sc[key], `${path}.${key}`);
  }
  shape.optInteger(sc.runAsUser, `${path}.runAsUser`, 0, INT32);
  shape.optInteger(sc.runAsGroup, `${path}.runAsGroup`, 0, INT32);
  shape.optString(sc.procMount, `${path}.procMount`);
  const caps = shape.optObject(sc.capabilities, `${path}.capabilities`);
  shape.optStringList(caps?.add, `${path}.capabilities.add`);
  shape.optStringList(caps?.drop, `${path}.capabilities.drop`);
  checkSeLinux(shape, sc.seLinuxOptions, `${path}.seLinuxOptions`);
  checkSeccomp(shape, sc.seccompProfile, `${path}.seccompProfile`);
}

function checkContainer(shape: ShapeChecker, value: unknown, path: string): void {
  const container = shape.object(value, path);
  shape.string(container.name, `${path}.name`);
  checkContainerSecurityContext(shape, container.securityContext, `${path}.securityContext`);
  shape.optList(container.ports, `${path}.ports`, (item, p) => {
    const port = shape.object(item, p);
    shape.optInteger(port.containerPort, `${p}.containerPort`, 0, 65_535);
    shape.optInteger(port.hostPort, `${p}.hostPort`, 0, 65_535);
  });
  shape.optList(container.volumeMounts, `${path}.volumeMounts`, (item, p) => {
    const mount = shape.object(item, p);
    shape.string(mount.name, `${p}.name`);
    shape.optBoolean(mount.readOnly, `${p}.readOnly`);
  });
}

function checkPodSecurityContext(shape: ShapeChecker, value: unknown): void {
  const path = 'spec.securityContext';
  const sc = shape.optObject(value, path);
  if (!sc) return;
  shape.optBoolean(sc.runAsNonRoot, `${path}.runAsNonRoot`);
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup'])
    shape.optInteger(sc[key], `${path}.${key}`, 0, INT32);
  shape.optList(sc.supplementalGroups, `${path}.supplementalGroups`, (item, p) =>
    shape.integer(item, p, 0, INT32),
  );
  checkSeLinux(shape, sc.seLinuxOptions, `${path}.seLinuxOptions`);
  checkSeccomp(shape, sc.seccompProfile, `${path}.seccompProfile`);
  shape.optList(sc.sysctls, `${path}.sysctls`, (item, p) => {
    const sysctl = shape.object(item, p);
    shape.string(sysctl.name, `${p}.name`);
  });
}

function checkVolume(shape: ShapeChecker, value: unknown, path: string): void {
  const volume = shape.object(value, path);
  shape.string(volume.name, `${path}.name`);
  const hostPath = shape.optObject(volume.hostPath, `${path}.hostPath`);
  if (hostPath) shape.string(hostPath.path, `${path}.hostPath.path`);
  const flex = shape.optObject(volume.flexVolume, `${path}.flexVolume`);
  if (flex) shape.string(flex.driver, `${path}.flexVolume.driver`);
  const csi = shape.optObject(volume.csi, `${path}.csi`);
  if (csi) shape.string(csi.driver, `${path}.csi.driver`);
  const projected = shape.optObject(volume.projected, `${path}.projected`);
  shape.optList(projected?.sources, `${path}.projected.sources`, (item, p) => {
    const source = shape.object(item, p);
    const token = shape.optObject(source.serviceAccountToken, `${p}.serviceAccountToken`);
    shape.optString(token?.path, `${p}.serviceAccountToken.path`);
    shape.optString(token?.audience, `${p}.serviceAccountToken.audience`);
    shape.optString(
      shape.optObject(source.configMap, `${p}.configMap`)?.name,
      `${p}.configMap.name`,
    );
    const downward = shape.optObject(source.downwardAPI, `${p}.downwardAPI`);
    shape.optList(downward?.items, `${p}.downwardAPI.items`, (entry, q) => {
      const itemObject = shape.object(entry, q);
      shape.optString(itemObject.path, `${q}.path`);
      const ref = shape.optObject(itemObject.fieldRef, `${q}.fieldRef`);
      shape.optString(ref?.apiVersion, `${q}.fieldRef.apiVersion`);
      shape.optString(ref?.fieldPath, `${q}.fieldRef.fieldPath`);
    });
  });
}

/**
 * Checks a pod spec at `spec` (its paths prefixed as the checker says): containers of every kind,
 * host namespaces, service account, the pod security context and volumes.
 */
export function checkPodSpec(shape: ShapeChecker, value: unknown): JsonObject {
  const spec = shape.object(value, 'spec');
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
    shape.fail('spec.containers', 'must be a list of at least one container');
  }
  for (const kind of CONTAINER_KINDS) {
    shape.optList(spec[kind], `spec.${kind}`, (item, p) => checkContainer(shape, item, p));
  }
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'])
    shape.optBoolean(spec[key], `spec.${key}`);
  for (const key of ['serviceAccountName', 'serviceAccount', 'runtimeClassName']) {
    shape.optString(spec[key], `spec.${key}`);
  }
  checkPodSecurityContext(shape, spec.securityContext);
  shape.optList(spec.volumes, 'spec.volumes', (item, p) => checkVolume(shape, item, p));
  return spec;
}

export function parsePod(object: JsonObject, where: string): Pod {
  const shape = new ShapeChecker(where);
  if (object.apiVersion !== undefined && object.apiVersion !== 'v1') {
    shape.fail('apiVersion', `must be v1, got ${JSON.stringify(object.apiVersion)}`);
  }
  const metadata = shape.object(object.metadata, 'metadata');
  const name = shape.optString(metadata.name, 'metadata.name');
  const generateName = shape.optString(metadata.generateName, 'metadata.generateName');
  if (!name && !generateName) shape.fail('metadata.name', 'is required (or metadata.generateName)');
  shape.optString(metadata.namespace, 'metadata.namespace');
  shape.optStringMap(metadata.annotations, 'metadata.annotations');
  checkPodSpec(shape, object.spec);
  return object as unknown as Pod;
}
