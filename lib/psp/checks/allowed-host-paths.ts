/**
 * PSP field `allowedHostPaths` (psp-semantics.md §6.5), for hostPath volumes the `volumes` list
 * admits (also under `*`). Empty list: any path, writable. Otherwise the path must match some
 * `pathPrefix`: strip one trailing `/` from both; match if equal, or if the path starts with the
 * prefix and the next character is `/` (`/foo` does not match `/foobar`; `/` matches every
 * absolute path). Case-sensitive, no other normalisation, no "most specific prefix wins".
 * If any matching entry is writable the volume is writable; if only `readOnly: true` entries
 * match, every mount of the volume in every container (init and ephemeral too) must be
 * `readOnly: true`.
 * Errors: no match → `spec.volumes[i].hostPath.pathPrefix`; writable mount →
 * `<container>.volumeMounts[j].readOnly`.
 */
import { defineCheck } from '../check.ts';
import { formatList, inContainer, quote } from '../format.ts';
import type { AllowedHostPath } from '../types.ts';
import { allowsVolumeType } from '../volume-types.ts';

interface Prefix {
  prefix: string;
  readOnly: boolean;
}

function trimOneSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Segment-wise prefix match on paths already stripped of one trailing slash. */
export function matchesPathPrefix(path: string, prefix: string): boolean {
  return path === prefix || (path.startsWith(prefix) && path.charAt(prefix.length) === '/');
}

/** 'denied' when no prefix matches, else whether the volume must be mounted read-only. */
function resolveHostPath(
  path: string,
  prefixes: readonly Prefix[],
): 'denied' | 'read-only' | 'writable' {
  const trimmed = trimOneSlash(path);
  let matched = false;
  for (const entry of prefixes) {
    if (!matchesPathPrefix(trimmed, entry.prefix)) continue;
    if (!entry.readOnly) return 'writable';
    matched = true;
  }
  return matched ? 'read-only' : 'denied';
}

export const allowedHostPaths = defineCheck<readonly Prefix[]>({
  id: 'allowedHostPaths',
  fields: ['allowedHostPaths'],
  prepare(spec) {
    const entries: readonly AllowedHostPath[] = spec.allowedHostPaths ?? [];
    if (entries.length === 0 || !allowsVolumeType(spec, 'hostPath')) return null;
    return entries.map((e) => ({
      prefix: trimOneSlash(e.pathPrefix ?? ''),
      readOnly: e.readOnly === true,
    }));
  },
  evaluate(pod, prefixes, out) {
    for (let i = 0; i < pod.volumes.length; i += 1) {
      const volume = pod.volumes[i];
      if (!volume?.hostPath) continue;
      const path = volume.hostPath.path;
      const access = resolveHostPath(path, prefixes);
      if (access === 'denied') {
        out.violations.push({
          field: `spec.volumes[${i}].hostPath.pathPrefix`,
          message: `hostPath ${quote(path)} is not allowed to be used (volume ${quote(volume.name)}); allowed path prefixes: ${formatList(prefixes.map((p) => p.prefix || '/'))}`,
        });
      } else if (access === 'read-only') {
        for (const c of pod.containers) {
          const mounts = c.container.volumeMounts ?? [];
          for (let j = 0; j < mounts.length; j += 1) {
            const mount = mounts[j];
            if (mount?.name === volume.name && mount.readOnly !== true) {
              out.violations.push({
                field: `${c.path}.volumeMounts[${j}].readOnly`,
                message: `must be read-only: hostPath ${quote(path)} (volume ${quote(volume.name)}) is allowed read-only only${inContainer(c)}`,
              });
            }
          }
        }
      }
    }
  },
});
