/**
 * What the upstream fixture harness requires a rejection message to contain, per check id
 * (shared/conformance/pss/README.md, "How a conforming evaluator is judged").
 */
export const PSS_REASON_SUBSTRINGS: Readonly<Record<string, string>> = {
  privileged: 'privileged',
  hostNamespaces: 'host namespaces',
  hostPorts: 'hostPort',
  hostPathVolumes: 'hostPath',
  capabilities_baseline: 'capabilities',
  procMount: 'procMount',
  procMount_restricted: 'procMount',
  seccompProfile_baseline: 'seccompProfile',
  seccompProfile_restricted: 'seccompProfile',
  sysctls: 'forbidden sysctl',
  appArmorProfile: 'forbidden AppArmor profile',
  seLinuxOptions: 'seLinuxOptions',
  windowsHostProcess: 'hostProcess',
  hostProbesAndHostLifecycle: 'probe or lifecycle host',
  restrictedVolumes: 'restricted volume types',
  allowPrivilegeEscalation: 'allowPrivilegeEscalation',
  runAsNonRoot: 'runAsNonRoot',
  runAsUser: 'runAsUser',
  capabilities_restricted: 'unrestricted capabilities',
};
