/**
 * PSP fields `hostNetwork`, `hostPID`, `hostIPC` (psp-semantics.md §6.2): three checks of one
 * shape. A pod with `spec.hostNetwork: true` (likewise hostPID, hostIPC) needs a policy with the
 * same flag true. Kubernetes checks its internal pod form, where the flags belong to the pod
 * security context, so errors name `spec.securityContext.hostNetwork` (not `spec.hostNetwork`).
 * One error per pod, not per container. Nothing is defaulted.
 */
import { defineCheck, type PspCheck } from '../check.ts';

type HostNamespace = 'hostNetwork' | 'hostPID' | 'hostIPC';

function hostNamespaceCheck(id: HostNamespace, label: string): PspCheck {
  return defineCheck<true>({
    id,
    fields: [id],
    prepare: (spec) => (spec[id] === true ? null : true),
    evaluate(pod, _config, out) {
      if (pod[id]) {
        out.violations.push({
          field: `spec.securityContext.${id}`,
          message: `${label} is not allowed to be used`,
        });
      }
    },
  });
}

export const hostNetwork = hostNamespaceCheck('hostNetwork', 'Host network');
export const hostPID = hostNamespaceCheck('hostPID', 'Host PID');
export const hostIPC = hostNamespaceCheck('hostIPC', 'Host IPC');
