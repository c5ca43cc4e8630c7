/**
 * hostNamespaces (baseline, v1.0) — sharing the host's network, PID or IPC namespace is
 * disallowed. Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC. Allowed: unset, false.
 * spec.hostUsers is not part of this check.
 */

import type { PodSpec } from '../../k8s.ts';
import { deny, type PssCheck } from '../check.ts';

const NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespacesV1Dot0(_metadata: unknown, spec: PodSpec) {
  if (spec.hostNetwork !== true && spec.hostPID !== true && spec.hostIPC !== true) return undefined;
  const set = NAMESPACE_FIELDS.filter((field) => spec[field] === true);
  return deny(
    'host namespaces',
    set.map((field) => `${field}=true`).join(', '),
    set.map((field) => `spec.${field}`),
  );
}

export const hostNamespaces: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ since: 'v1.0', evaluate: hostNamespacesV1Dot0 }],
};
