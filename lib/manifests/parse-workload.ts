/**
 * Workload objects (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob,
 * ReplicationController, PodTemplate) into the pod their controller would create from the pod
 * template, so that PodSecurityPolicy can be checked before anything is applied.
 *
 * The pod: namespace from the workload (default "default"), a placeholder name in generateName
 * style (`web-`; a StatefulSet's first replica is `web-0`), labels and annotations from the
 * template, spec from the template. A StatefulSet's volumeClaimTemplates become
 * persistentVolumeClaim volumes replacing template volumes of the same name, as the controller
 * does. Field paths in messages are the workload's (`spec.template.spec.containers`).
 *
 * The pods are created by a controller in kube-controller-manager, which (with
 * --use-service-account-credentials, as on EKS) authenticates as its service account in
 * kube-system: that identity is the requester PSP's `use` check sees (psp-semantics.md §4).
 * Names as in kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy: a
 * Deployment's pods are created by the replicaset-controller (the deployment-controller creates
 * ReplicaSets), a CronJob's by the job-controller (the cronjob-controller creates Jobs). No
 * controller creates pods from a PodTemplate object.
 */
import type { Pod } from '../k8s.ts';
import { checkPodSpec } from './parse-pod.ts';
import { type JsonObject, ShapeChecker } from './shape.ts';

interface WorkloadKind {
  /** Path of the pod template in the object. */
  template: readonly string[];
  /** API groups the kind is read from (`apps` matches `apps/v1`, `apps/v1beta2`, …). */
  groups: readonly string[];
  /** The kube-system service account of the controller that creates the pods, or null. */
  controller: string | null;
}

const WORKLOADS: Readonly<Record<string, WorkloadKind>> = {
  Deployment: {
    template: ['spec', 'template'],
    groups: ['apps', 'extensions'],
    controller: 'replicaset-controller',
  },
  ReplicaSet: {
    template: ['spec', 'template'],
    groups: ['apps', 'extensions'],
    controller: 'replicaset-controller',
  },
  StatefulSet: {
    template: ['spec', 'template'],
    groups: ['apps'],
    controller: 'statefulset-controller',
  },
  DaemonSet: {
    template: ['spec', 'template'],
    groups: ['apps', 'extensions'],
    controller: 'daemon-set-controller',
  },
  Job: { template: ['spec', 'template'], groups: ['batch'], controller: 'job-controller' },
  CronJob: {
    template: ['spec', 'jobTemplate', 'spec', 'template'],
    groups: ['batch'],
    controller: 'job-controller',
  },
  ReplicationController: {
    template: ['spec', 'template'],
    groups: [''],
    controller: 'replication-controller',
  },
  PodTemplate: { template: ['template'], groups: [''], controller: null },
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(WORKLOADS);

export function isWorkloadKind(kind: unknown): kind is string {
  return typeof kind === 'string' && Object.hasOwn(WORKLOADS, kind);
}

/** Whether the object's apiVersion is one the kind is served under (absent: assumed so). */
export function isKnownWorkloadApiVersion(kind: string, apiVersion: unknown): boolean {
  const workload = WORKLOADS[kind];
  if (workload === undefined) return false;
  if (apiVersion === undefined) return true;
  if (typeof apiVersion !== 'string') return false;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return workload.groups.includes(group);
}

export interface WorkloadOrigin {
  kind: string;
  name: string;
  /** The controller's service account in kube-system, or null (PodTemplate). */
  controller: string | null;
}

export interface WorkloadPod {
  pod: Pod;
  workload: WorkloadOrigin;
}

/** `Deployment/web's pod template`. */
export function describeWorkload(workload: WorkloadOrigin): string {
  return `${workload.kind}/${workload.name}'s pod template`;
}

export const CONTROLLER_NAMESPACE = 'kube-system';

/** The requester of a controller's pod creations: its service account, authenticated. */
export function controllerRequester(controller: string): { user: string; groups: string[] } {
  return {
    user: `system:serviceaccount:${CONTROLLER_NAMESPACE}:${controller}`,
    groups: [
      'system:serviceaccounts',
      `system:serviceaccounts:${CONTROLLER_NAMESPACE}`,
      'system:authenticated',
    ],
  };
}

function statefulSetVolumes(
  shape: ShapeChecker,
  spec: JsonObject,
  templateSpec: JsonObject,
  setName: string,
): unknown[] | undefined {
  const claims = shape.optList(
    spec.volumeClaimTemplates,
    'spec.volumeClaimTemplates',
    (item, p) => {
      const claim = shape.object(item, p);
      return shape.string(shape.object(claim.metadata, `${p}.metadata`).name, `${p}.metadata.name`);
    },
  );
  const current = (templateSpec.volumes as JsonObject[] | undefined) ?? [];
  if (claims === undefined || claims.length === 0) return templateSpec.volumes as unknown[];
  const names = new Set(claims);
  return [
    ...[...names].map((name) => ({
      name,
      persistentVolumeClaim: { claimName: `${name}-${setName}-0` },
    })),
    ...current.filter((volume) => !names.has(volume.name as string)),
  ];
}

/**
 * The pod a workload's controller would create. Throws InvalidManifestError naming `where` and
 * the field path in the workload. `kind` must be a workload kind (isWorkloadKind).
 */
export function parseWorkload(object: JsonObject, where: string): WorkloadPod {
  const kind = String(object.kind);
  const workload = WORKLOADS[kind];
  if (workload === undefined) throw new TypeError(`${kind} is not a workload kind`);
  const shape = new ShapeChecker(where);
  const metadata = shape.object(object.metadata, 'metadata');
  const name = shape.optString(metadata.name, 'metadata.name');
  const generateName = shape.optString(metadata.generateName, 'metadata.generateName');
  if (!name && !generateName) shape.fail('metadata.name', 'is required (or metadata.generateName)');
  const namespace = shape.optString(metadata.namespace, 'metadata.namespace') || 'default';

  let template: JsonObject = object;
  const path: string[] = [];
  for (const key of workload.template) {
    path.push(key);
    template = shape.object(template[key], path.join('.'));
  }
  const templateShape = new ShapeChecker(where, undefined, `${path.join('.')}.`);
  const templateMetadata = templateShape.optObject(template.metadata, 'metadata');
  const labels = templateShape.optStringMap(templateMetadata?.labels, 'metadata.labels');
  const annotations = templateShape.optStringMap(
    templateMetadata?.annotations,
    'metadata.annotations',
  );
  const templateSpec = checkPodSpec(templateShape, template.spec);

  const base = name ?? generateName ?? '';
  const spec: JsonObject = { ...templateSpec };
  const podMetadata: JsonObject = { namespace };
  if (kind === 'StatefulSet') {
    podMetadata.name = `${base}-0`;
    const volumes = statefulSetVolumes(
      shape,
      shape.object(object.spec, 'spec'),
      templateSpec,
      base,
    );
    if (volumes !== undefined) spec.volumes = volumes;
  } else {
    podMetadata.generateName = name ? `${name}-` : generateName;
  }
  if (labels !== undefined) podMetadata.labels = labels;
  if (annotations !== undefined) podMetadata.annotations = annotations;
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: podMetadata, spec } as unknown as Pod;
  return {
    pod,
    workload: { kind, name: name ?? generateName ?? '', controller: workload.controller },
  };
}
