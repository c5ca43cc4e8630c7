/**
 * hostProbesAndHostLifecycle (baseline, v1.34) — probes and lifecycle handlers must not reach
 * out to another host. Fields, on every container: the `host` of `httpGet` and `tcpSocket` in
 * livenessProbe, readinessProbe, startupProbe, lifecycle.postStart and lifecycle.preStop.
 * Allowed: unset, "". Loopback addresses are hosts too. exec and grpc are not examined.
 */

import type { PodSpec } from '../../k8s.ts';
import {
  type AnyContainer,
  CONTAINER_LISTS,
  containerPath,
  containersOf,
  deny,
  type PssCheck,
} from '../check.ts';
import {
  append,
  describeContainers,
  joinQuote,
  nameOf,
  pluralize,
  sortedUnique,
} from '../format.ts';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

interface HandlerLike {
  httpGet?: { host?: unknown } | null;
  tcpSocket?: { host?: unknown } | null;
}

function hasHost(handler: HandlerLike | null | undefined): boolean {
  if (!handler) return false;
  return isSet(handler.httpGet?.host) || isSet(handler.tcpSocket?.host);
}

function isSet(host: unknown): boolean {
  return host !== undefined && host !== null && host !== '';
}

function usesHost(container: AnyContainer): boolean {
  const lifecycle = container.lifecycle;
  return (
    hasHost(container.livenessProbe) ||
    hasHost(container.readinessProbe) ||
    hasHost(container.startupProbe) ||
    hasHost(lifecycle?.postStart) ||
    hasHost(lifecycle?.preStop)
  );
}

/** Every (path, host) a container sets, in field order. */
function collectHosts(container: AnyContainer, path: string, hosts: string[], fields: string[]) {
  const visit = (handler: HandlerLike | null | undefined, handlerPath: string) => {
    if (!handler) return;
    for (const kind of HANDLERS) {
      const host = handler[kind]?.host;
      if (!isSet(host)) continue;
      hosts.push(String(host));
      fields.push(`${handlerPath}.${kind}.host`);
    }
  };
  for (const probe of PROBES) visit(container[probe], `${path}.${probe}`);
  for (const hook of HOOKS) visit(container.lifecycle?.[hook], `${path}.lifecycle.${hook}`);
}

function hostProbesAndHostLifecycleV1Dot34(_metadata: unknown, spec: PodSpec) {
  let names: string[] | undefined;
  let hosts: string[] | undefined;
  let fields: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const container = containers[i];
      if (!container || !usesHost(container)) continue;
      names = append(names, nameOf(container));
      hosts ??= [];
      fields ??= [];
      collectHosts(container, containerPath(list, i), hosts, fields);
    }
  }
  if (names === undefined || hosts === undefined || fields === undefined) return undefined;
  const badContainers = sortedUnique(names);
  const badHosts = sortedUnique(hosts);
  return deny(
    'probe or lifecycle host',
    `${describeContainers(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', badHosts.length)} ${joinQuote(badHosts)}`,
    fields,
  );
}

export const hostProbesAndHostLifecycle: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ since: 'v1.34', evaluate: hostProbesAndHostLifecycleV1Dot34 }],
};
