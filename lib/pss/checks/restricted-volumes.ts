/**
 * restrictedVolumes (restricted, v1.0) — only volume types that are not tied to the node or to
 * external storage the pod could misuse. Field: spec.volumes[*]. Allowed sources: configMap,
 * csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret; a
 * volume with no source at all is an emptyDir after API defaulting. Overrides hostPathVolumes.
 */

import type { PodSpec } from '../../k8s.ts';
import { deny, type PssCheck } from '../check.ts';
import { append, joinQuote, nameOf, pluralize, sortedUnique } from '../format.ts';

const ALLOWED_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

/** Restricted sources the library names, in its order; anything else is "unknown". */
const NAMED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

type VolumeLike = Record<string, unknown>;

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function allowedVolume(volume: VolumeLike): boolean {
  for (const source of ALLOWED_SOURCES) if (present(volume[source])) return true;
  for (const key in volume) if (key !== 'name' && present(volume[key])) return false;
  return true; // only a name: an emptyDir once defaulted
}

/** The restricted source a volume uses: its type for the message and its field name. */
function restrictedSource(volume: VolumeLike): { type: string; key: string } {
  for (const source of NAMED_SOURCES)
    if (present(volume[source])) return { type: source, key: source };
  for (const key in volume) {
    if (key !== 'name' && present(volume[key])) return { type: 'unknown', key };
  }
  return { type: 'unknown', key: 'unknown' };
}

function restrictedVolumesV1Dot0(_metadata: unknown, spec: PodSpec) {
  const volumes = spec.volumes as unknown;
  if (!Array.isArray(volumes)) return undefined;
  let names: string[] | undefined;
  let types: string[] | undefined;
  let fields: string[] | undefined;
  for (let i = 0; i < volumes.length; i += 1) {
    const volume: unknown = volumes[i];
    if (typeof volume !== 'object' || volume === null || allowedVolume(volume as VolumeLike))
      continue;
    const { type, key } = restrictedSource(volume as VolumeLike);
    names = append(names, nameOf(volume));
    types = append(types, type);
    fields = append(fields, `spec.volumes[${i}].${key}`);
  }
  if (names === undefined || types === undefined || fields === undefined) return undefined;
  const distinct = sortedUnique(types);
  return deny(
    'restricted volume types',
    `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
    fields,
  );
}

export const restrictedVolumes: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  overrides: ['hostPathVolumes'],
  versions: [{ since: 'v1.0', evaluate: restrictedVolumesV1Dot0 }],
};
