/**
 * Every Pod Security Standards check, listed explicitly (no registration side effects), and the
 * registry built from them. Ids are the Pod Security Admission library's ids, verbatim.
 */
import type { PssCheck } from './check.ts';
import { allowPrivilegeEscalation } from './checks/allow-privilege-escalation.ts';
import { appArmorProfile } from './checks/app-armor-profile.ts';
import { capabilitiesBaseline } from './checks/capabilities-baseline.ts';
import { capabilitiesRestricted } from './checks/capabilities-restricted.ts';
import { hostNamespaces } from './checks/host-namespaces.ts';
import { hostPathVolumes } from './checks/host-path-volumes.ts';
import { hostPorts } from './checks/host-ports.ts';
import { hostProbesAndHostLifecycle } from './checks/host-probes-and-host-lifecycle.ts';
import { privileged } from './checks/privileged.ts';
import { procMount } from './checks/proc-mount.ts';
import { procMountRestricted } from './checks/proc-mount-restricted.ts';
import { restrictedVolumes } from './checks/restricted-volumes.ts';
import { runAsNonRoot } from './checks/run-as-non-root.ts';
import { runAsUser } from './checks/run-as-user.ts';
import { seLinuxOptions } from './checks/se-linux-options.ts';
import { seccompProfileBaseline } from './checks/seccomp-profile-baseline.ts';
import { seccompProfileRestricted } from './checks/seccomp-profile-restricted.ts';
import { sysctls } from './checks/sysctls.ts';
import { windowsHostProcess } from './checks/windows-host-process.ts';
import { createPssRegistry } from './registry.ts';

export const PSS_CHECKS: readonly PssCheck[] = [
  // baseline
  appArmorProfile,
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  seccompProfileBaseline,
  seLinuxOptions,
  sysctls,
  windowsHostProcess,
  // restricted
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
];

export const pssRegistry = createPssRegistry(PSS_CHECKS);
