/**
 * Builds the PodView the checks read (psp-semantics.md §2.2): containers of every kind in the
 * order init, regular, ephemeral, each with the path Kubernetes reports; absent objects replaced
 * by empty ones so checks need no null tests.
 */
import type { Container, Pod } from '../k8s.ts';
import type { ContainerKind, ContainerView, PodView } from './check.ts';

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

function addContainers(
  into: ContainerView[],
  kind: ContainerKind,
  list: readonly Container[] | undefined | null,
): void {
  if (!list) return;
  for (let i = 0; i < list.length; i += 1) {
    const container = list[i] as Container;
    into.push({
      kind,
      path: `spec.${kind}[${i}]`,
      name: container.name,
      container,
      sc: container.securityContext ?? EMPTY,
    });
  }
}

export function buildPodView(pod: Pod): PodView {
  const spec = pod.spec ?? { containers: [] };
  const containers: ContainerView[] = [];
  addContainers(containers, 'initContainers', spec.initContainers);
  addContainers(containers, 'containers', spec.containers);
  addContainers(
    containers,
    'ephemeralContainers',
    spec.ephemeralContainers as Container[] | undefined,
  );
  return {
    pod,
    annotations: pod.metadata?.annotations ?? EMPTY,
    podSc: spec.securityContext ?? EMPTY,
    hostNetwork: spec.hostNetwork === true,
    hostPID: spec.hostPID === true,
    hostIPC: spec.hostIPC === true,
    volumes: spec.volumes ?? [],
    containers,
    runtimeClassName: spec.runtimeClassName ?? undefined,
  };
}
