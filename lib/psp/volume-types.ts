/**
 * Volume types as PodSecurityPolicy names them (the FSType list). A pod volume's type is the key
 * of its source; the one spelling that differs is the pod key `cephfs`, listed as `cephFS`.
 * A volume with no known source is an emptyDir, as API defaulting makes it.
 */
import type { Volume } from '../k8s.ts';
import type { PodSecurityPolicySpec } from './types.ts';

export const VOLUME_TYPES = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephFS',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
] as const;

const POD_KEY_TO_TYPE: ReadonlyMap<string, string> = new Map(
  VOLUME_TYPES.map((type) => [type === 'cephFS' ? 'cephfs' : type, type]),
);

/** The PSP volume type of a pod volume. */
export function volumeTypeOf(volume: Volume): string {
  for (const key in volume) {
    if (key === 'name') continue;
    const type = POD_KEY_TO_TYPE.get(key);
    if (type !== undefined && (volume as unknown as Record<string, unknown>)[key] != null)
      return type;
  }
  return 'emptyDir';
}

/** Whether the policy's `volumes` list admits a type (`*` admits every type). */
export function allowsVolumeType(spec: PodSecurityPolicySpec, type: string): boolean {
  const volumes = spec.volumes ?? [];
  return volumes.includes('*') || volumes.includes(type);
}
