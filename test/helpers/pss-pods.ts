/**
 * Minimal pods for Pod Security Standards tests, shaped like the library's own `base.yaml`
 * fixtures: an init container and a container, plus what restricted needs at the newest version.
 * `tweakPod` copies a pod and changes one thing, so every case reads as "minimal pod, except …".
 */
import type { Pod } from '../../lib/k8s.ts';

/** Allowed at baseline, every version: no security settings at all. */
export function baselinePod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'base' },
    spec: {
      initContainers: [{ name: 'init', image: 'registry.k8s.io/pause' }],
      containers: [{ name: 'app', image: 'registry.k8s.io/pause' }],
    },
  };
}

/** Allowed at restricted, every version (v1.22+ needs all of it). */
export function restrictedPod(): Pod {
  const hardened = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'base' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [
        {
          name: 'init',
          image: 'registry.k8s.io/pause',
          securityContext: structuredClone(hardened),
        },
      ],
      containers: [
        { name: 'app', image: 'registry.k8s.io/pause', securityContext: structuredClone(hardened) },
      ],
    },
  };
}

/** A deep copy of `pod` changed by `change` (which may mutate the copy freely). */
export function tweakPod(
  pod: Pod,
  change: (copy: Pod & { spec: NonNullable<Pod['spec']> }) => void,
): Pod {
  const copy = structuredClone(pod) as Pod & { spec: NonNullable<Pod['spec']> };
  change(copy);
  return copy;
}
