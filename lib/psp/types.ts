/**
 * PodSecurityPolicy, policy/v1beta1 (also served as extensions/v1beta1), as in Kubernetes
 * 1.21–1.24. Removed from the API in 1.25, so declared here rather than taken from
 * kubernetes-types.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.d.ts';

export interface IdRange {
  min: number;
  max: number;
}

export interface HostPortRange {
  min: number;
  max: number;
}

export interface AllowedHostPath {
  pathPrefix?: string;
  readOnly?: boolean;
}

export interface SELinuxOptions {
  user?: string;
  role?: string;
  type?: string;
  level?: string;
}

export interface PodSecurityPolicySpec {
  privileged?: boolean;
  defaultAddCapabilities?: string[];
  requiredDropCapabilities?: string[];
  allowedCapabilities?: string[];
  volumes?: string[];
  hostNetwork?: boolean;
  hostPorts?: HostPortRange[];
  hostPID?: boolean;
  hostIPC?: boolean;
  seLinux: { rule: 'MustRunAs' | 'RunAsAny'; seLinuxOptions?: SELinuxOptions };
  runAsUser: { rule: 'MustRunAs' | 'MustRunAsNonRoot' | 'RunAsAny'; ranges?: IdRange[] };
  runAsGroup?: { rule: 'MustRunAs' | 'MayRunAs' | 'RunAsAny'; ranges?: IdRange[] };
  supplementalGroups: { rule: 'MustRunAs' | 'MayRunAs' | 'RunAsAny'; ranges?: IdRange[] };
  fsGroup: { rule: 'MustRunAs' | 'MayRunAs' | 'RunAsAny'; ranges?: IdRange[] };
  readOnlyRootFilesystem?: boolean;
  defaultAllowPrivilegeEscalation?: boolean;
  allowPrivilegeEscalation?: boolean;
  allowedHostPaths?: AllowedHostPath[];
  allowedFlexVolumes?: { driver: string }[];
  allowedCSIDrivers?: { name: string }[];
  allowedUnsafeSysctls?: string[];
  forbiddenSysctls?: string[];
  allowedProcMountTypes?: string[];
  runtimeClass?: { allowedRuntimeClassNames: string[]; defaultRuntimeClassName?: string };
}

export interface PodSecurityPolicy {
  apiVersion?: string;
  kind?: 'PodSecurityPolicy';
  metadata: ObjectMeta & { name: string };
  spec: PodSecurityPolicySpec;
}
