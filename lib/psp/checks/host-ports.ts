/**
 * PSP field `hostPorts` (psp-semantics.md §6.3). Every container port with `hostPort > 0` must
 * lie in some `{min, max}` range, both ends inclusive; no ranges means no host port at all.
 * Reported at `<container>.hostPort` (not `ports[i].hostPort`). `hostNetwork` does not imply
 * host ports, but API defaulting sets `hostPort = containerPort` for the ports of init and
 * regular containers of a host-network pod, so an unset hostPort is read that way here.
 */
import type { ContainerPort } from 'kubernetes-types/core/v1.d.ts';
import { defineCheck } from '../check.ts';
import { formatRanges, inContainer, inRanges } from '../format.ts';
import type { HostPortRange } from '../types.ts';

function hostPortOf(port: ContainerPort, defaulted: boolean): number {
  const hostPort = port.hostPort ?? 0;
  return hostPort === 0 && defaulted ? (port.containerPort ?? 0) : hostPort;
}

export const hostPorts = defineCheck<readonly HostPortRange[]>({
  id: 'hostPorts',
  fields: ['hostPorts'],
  prepare(spec) {
    const ranges = spec.hostPorts ?? [];
    // A range covering every valid port (1-65535) leaves nothing to check.
    return ranges.some((r) => r.min <= 1 && r.max >= 65535) ? null : ranges;
  },
  evaluate(pod, ranges, out) {
    for (const c of pod.containers) {
      const ports = c.container.ports;
      if (!ports) continue;
      const defaulted = pod.hostNetwork && c.kind !== 'ephemeralContainers';
      for (const port of ports) {
        const hostPort = hostPortOf(port, defaulted);
        if (hostPort > 0 && !inRanges(hostPort, ranges)) {
          out.violations.push({
            field: `${c.path}.hostPort`,
            message: `Host port ${hostPort} is not allowed to be used. Allowed ports: ${formatRanges(ranges)}${inContainer(c)}`,
          });
        }
      }
    }
  },
});
