import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { sysctls } from './sysctls.ts';

const withSysctls = (...names: string[]) =>
  podWith({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });

/** Each name, the first version allowing it. */
const NAMES = [
  { name: 'kernel.shm_rmid_forced', since: 0 },
  { name: 'net.ipv4.ip_local_port_range', since: 0 },
  { name: 'net.ipv4.tcp_syncookies', since: 0 },
  { name: 'net.ipv4.ping_group_range', since: 0 },
  { name: 'net.ipv4.ip_unprivileged_port_start', since: 0 },
  { name: 'net.ipv4.ip_local_reserved_ports', since: 27 },
  { name: 'net.ipv4.tcp_keepalive_time', since: 29 },
  { name: 'net.ipv4.tcp_fin_timeout', since: 29 },
  { name: 'net.ipv4.tcp_keepalive_intvl', since: 29 },
  { name: 'net.ipv4.tcp_keepalive_probes', since: 29 },
  { name: 'net.ipv4.tcp_rmem', since: 32 },
  { name: 'net.ipv4.tcp_wmem', since: 32 },
  { name: 'net.ipv4.tcp_slow_start_after_idle', since: 37 },
  { name: 'net.ipv4.tcp_notsent_lowat', since: 37 },
];

describe('Check: sysctls', () => {
  it.each(NAMES.filter(({ since }) => since > 0))(
    'denies $name before v1.$since and allows it from then on',
    ({ name, since }) => {
      expect(runPssCheck(sysctls, `v1.${since - 1}`, withSysctls(name))).toEqual({
        reason: 'forbidden sysctls',
        detail: name,
        fields: ['spec.securityContext.sysctls[0].name'],
      });
      expect(runPssCheck(sysctls, `v1.${since}`, withSysctls(name))).toBeUndefined();
    },
  );

  it.each([0, 27, 29, 32, 37])('allows, at v1.%i, every name allowed by then together', (minor) => {
    const names = NAMES.filter(({ since }) => since <= minor).map(({ name }) => name);
    expect(runPssCheck(sysctls, `v1.${minor}`, withSysctls(...names))).toBeUndefined();
  });

  it('checks names only, exactly, and lists every forbidden one', () => {
    const pod = withSysctls(
      'kernel.shm_rmid_forced',
      'kernel/shm_rmid_forced',
      'net.core.somaxconn',
    );
    expect(runPssCheck(sysctls, 'v1.37', pod)).toEqual({
      reason: 'forbidden sysctls',
      detail: 'kernel/shm_rmid_forced, net.core.somaxconn',
      fields: ['spec.securityContext.sysctls[1].name', 'spec.securityContext.sysctls[2].name'],
    });
  });
});
