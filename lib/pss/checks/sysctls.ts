/**
 * sysctls (baseline, v1.0; revised v1.27, v1.29, v1.32, v1.37) — only namespaced sysctls known
 * to be isolated from other pods are allowed. Field: spec.securityContext.sysctls[*].name (the
 * value is never examined). Allowed: the names of the version's allow-list, matched exactly;
 * each revision adds names to the previous list.
 */

import type { PodSpec } from '../../k8s.ts';
import { deny, type PssCheck, type PssCheckFn } from '../check.ts';
import { append } from '../format.ts';

const ALLOWED_V1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const ALLOWED_V1_27 = [...ALLOWED_V1_0, 'net.ipv4.ip_local_reserved_ports'];
const ALLOWED_V1_29 = [
  ...ALLOWED_V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const ALLOWED_V1_32 = [...ALLOWED_V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const ALLOWED_V1_37 = [
  ...ALLOWED_V1_32,
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
];

/** A revision that allows exactly `names`. */
function sysctlsAllowing(names: readonly string[]): PssCheckFn {
  const allowed: ReadonlySet<string> = new Set(names);
  return (_metadata, spec: PodSpec) => {
    const sysctls = spec.securityContext?.sysctls;
    if (!Array.isArray(sysctls)) return undefined;
    let forbidden: string[] | undefined;
    let fields: string[] | undefined;
    for (let i = 0; i < sysctls.length; i += 1) {
      const name = sysctls[i]?.name;
      if (typeof name === 'string' && allowed.has(name)) continue;
      forbidden = append(forbidden, String(name ?? ''));
      fields = append(fields, `spec.securityContext.sysctls[${i}].name`);
    }
    if (forbidden === undefined || fields === undefined) return undefined;
    return deny('forbidden sysctls', forbidden.join(', '), fields);
  };
}

export const sysctls: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { since: 'v1.0', evaluate: sysctlsAllowing(ALLOWED_V1_0) },
    { since: 'v1.27', evaluate: sysctlsAllowing(ALLOWED_V1_27) },
    { since: 'v1.29', evaluate: sysctlsAllowing(ALLOWED_V1_29) },
    { since: 'v1.32', evaluate: sysctlsAllowing(ALLOWED_V1_32) },
    { since: 'v1.37', evaluate: sysctlsAllowing(ALLOWED_V1_37) },
  ],
};
