/**
 * The PSP checks, listed explicitly in the order Kubernetes validates (pod level first, then
 * per container). The list is validated when it loads: ids must be unique and non-empty, and
 * each check must name the policy fields it reads.
 */
import { PspAuditError } from '../errors.ts';
import type { PspCheck } from './check.ts';
import { allowPrivilegeEscalation } from './checks/allow-privilege-escalation.ts';
import { allowedCSIDrivers } from './checks/allowed-csi-drivers.ts';
import { allowedFlexVolumes } from './checks/allowed-flex-volumes.ts';
import { allowedHostPaths } from './checks/allowed-host-paths.ts';
import { allowedProcMountTypes } from './checks/allowed-proc-mount-types.ts';
import { appArmor } from './checks/app-armor.ts';
import { capabilities } from './checks/capabilities.ts';
import { fsGroup } from './checks/fs-group.ts';
import { hostIPC, hostNetwork, hostPID } from './checks/host-namespaces.ts';
import { hostPorts } from './checks/host-ports.ts';
import { privileged } from './checks/privileged.ts';
import { readOnlyRootFilesystem } from './checks/read-only-root-filesystem.ts';
import { runAsGroup } from './checks/run-as-group.ts';
import { runAsUser } from './checks/run-as-user.ts';
import { runtimeClass } from './checks/runtime-class.ts';
import { seLinux } from './checks/se-linux.ts';
import { seccomp } from './checks/seccomp.ts';
import { supplementalGroups } from './checks/supplemental-groups.ts';
import { sysctls } from './checks/sysctls.ts';
import { volumes } from './checks/volumes.ts';

/** A registry that does not hold together; names the offending check. */
export class RegistryError extends PspAuditError {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export function validateRegistry(checks: readonly PspCheck[]): readonly PspCheck[] {
  const seen = new Set<string>();
  for (const [i, check] of checks.entries()) {
    if (!check.id) throw new RegistryError(`PSP check ${i} has no id`);
    if (seen.has(check.id)) throw new RegistryError(`PSP check "${check.id}" is registered twice`);
    if (check.fields.length === 0)
      throw new RegistryError(`PSP check "${check.id}" names no policy field`);
    seen.add(check.id);
  }
  return checks;
}

export const PSP_CHECKS: readonly PspCheck[] = validateRegistry([
  fsGroup,
  supplementalGroups,
  seccomp,
  seLinux,
  hostNetwork,
  hostPID,
  hostIPC,
  sysctls,
  volumes,
  allowedHostPaths,
  allowedFlexVolumes,
  allowedCSIDrivers,
  runtimeClass,
  runAsUser,
  runAsGroup,
  appArmor,
  privileged,
  allowedProcMountTypes,
  capabilities,
  hostPorts,
  readOnlyRootFilesystem,
  allowPrivilegeEscalation,
]);
