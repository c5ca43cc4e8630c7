/**
 * PSP field `volumes` (psp-semantics.md §6.4). Each `spec.volumes[i]` type must be listed, or
 * `*` must be. An empty list allows no volume. Reported at `spec.volumes[i]`.
 *
 * Exception: a `projected` volume made only of the standard service-account token sources (a
 * serviceAccountToken with path `token` and no audience; a configMap named `kube-root-ca.crt`;
 * downwardAPI items only `namespace` from `v1` `metadata.namespace`) is allowed when `secret` is
 * listed. A token with an audience (IRSA's `aws-iam-token`) is not covered. The type of the
 * PersistentVolume behind a claim is never examined.
 */
import type { ProjectedVolumeSource } from 'kubernetes-types/core/v1.d.ts';
import { defineCheck } from '../check.ts';
import { quote } from '../format.ts';
import { volumeTypeOf } from '../volume-types.ts';

interface VolumesConfig {
  allowed: ReadonlySet<string>;
  allowsSecret: boolean;
}

/** Upstream `IsOnlyServiceAccountTokenSources`; absent apiVersion/audience read as API defaults. */
export function isServiceAccountTokenProjection(projected: ProjectedVolumeSource): boolean {
  for (const source of projected.sources ?? []) {
    const { serviceAccountToken: token, configMap, downwardAPI } = source;
    if (!token && !configMap && !downwardAPI) return false;
    if (token && (token.path !== 'token' || (token.audience ?? '') !== '')) return false;
    if (configMap && configMap.name !== 'kube-root-ca.crt') return false;
    for (const item of downwardAPI?.items ?? []) {
      const ref = item.fieldRef;
      if (
        item.path !== 'namespace' ||
        !ref ||
        (ref.apiVersion ?? 'v1') !== 'v1' ||
        ref.fieldPath !== 'metadata.namespace'
      ) {
        return false;
      }
    }
  }
  return true;
}

export const volumes = defineCheck<VolumesConfig>({
  id: 'volumes',
  fields: ['volumes'],
  prepare(spec) {
    const list = spec.volumes ?? [];
    if (list.includes('*')) return null;
    return { allowed: new Set(list), allowsSecret: list.includes('secret') };
  },
  evaluate(pod, config, out) {
    for (let i = 0; i < pod.volumes.length; i += 1) {
      const volume = pod.volumes[i];
      if (!volume) continue;
      const type = volumeTypeOf(volume);
      if (config.allowed.has(type)) continue;
      if (
        type === 'projected' &&
        config.allowsSecret &&
        volume.projected &&
        isServiceAccountTokenProjection(volume.projected)
      ) {
        continue;
      }
      out.violations.push({
        field: `spec.volumes[${i}]`,
        message: `${type} volumes are not allowed to be used (volume ${quote(volume.name)})`,
      });
    }
  },
});
