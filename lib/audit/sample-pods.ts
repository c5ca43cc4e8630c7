/**
 * Pods for the sample audit log (sample-events.ts), in the two forms an EKS audit event carries
 * them: the request body (decoded and defaulted, before admission: no generated name, no uid, no
 * token volume) and the stored pod of the response (after admission: name, uid, the
 * `kube-api-access-*` projected volume and its mounts, default tolerations, the PSP annotation
 * of a ≤ 1.24 cluster, status Pending). Plain data, no I/O.
 */
import type { Container, Pod, PodSpec } from '../k8s.ts';

type ContainerInput = Partial<Container> & { name: string; image: string };

/** A container as the API server defaults it. */
export function sampleContainer(input: ContainerInput): Container {
  return {
    imagePullPolicy: input.image.endsWith(':latest') ? 'Always' : 'IfNotPresent',
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...input,
  };
}

export interface SamplePodInput {
  namespace: string;
  /** Explicit name, or a generateName prefix for controller pods. */
  name?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: { kind: string; name: string; apiVersion: string };
  spec: Partial<PodSpec> & { containers: Container[] };
}

/** The pod as the request carries it. */
export function requestPod(input: SamplePodInput): Pod {
  const metadata: NonNullable<Pod['metadata']> = {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.generateName === undefined ? {} : { generateName: input.generateName }),
    namespace: input.namespace,
    ...(input.labels === undefined ? {} : { labels: input.labels }),
    ...(input.annotations === undefined ? {} : { annotations: input.annotations }),
    ...(input.owner === undefined
      ? {}
      : {
          ownerReferences: [
            {
              ...input.owner,
              uid: uuidFrom(`${input.owner.kind}/${input.owner.name}`),
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        }),
  };
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata,
    spec: {
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      ...input.spec,
    },
    status: {},
  };
}

export interface StoredPodOptions {
  /** Suffix appended to generateName. */
  suffix?: string;
  createdAt: string;
  resourceVersion: string;
  /** PSP that admitted the pod (kubernetes.io/psp), for a ≤ 1.24 cluster. */
  psp?: string;
  /** Extra annotations admission added (e.g. the seccomp annotation PSP writes). */
  annotations?: Record<string, string>;
}

/** The pod as stored after admission: what the responseObject of a create holds. */
export function storedPod(request: Pod, options: StoredPodOptions): Pod {
  const metadata = request.metadata ?? {};
  const name = metadata.name ?? `${metadata.generateName ?? 'pod-'}${options.suffix ?? 'x7k2p'}`;
  const spec = request.spec as PodSpec;
  const serviceAccount = spec.serviceAccountName ?? 'default';
  const automount = spec.automountServiceAccountToken !== false;
  const tokenVolume = `kube-api-access-${options.suffix?.slice(0, 5) ?? 'b7x2q'}`;
  const withToken = (containers: Container[] | undefined) =>
    containers?.map((container) =>
      automount
        ? {
            ...container,
            volumeMounts: [
              ...(container.volumeMounts ?? []),
              {
                name: tokenVolume,
                readOnly: true,
                mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              },
            ],
          }
        : container,
    );
  const annotations = {
    ...metadata.annotations,
    ...(options.psp === undefined ? {} : { 'kubernetes.io/psp': options.psp }),
    ...options.annotations,
  };
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      ...metadata,
      name,
      uid: uuidFrom(`pod/${metadata.namespace}/${name}`),
      resourceVersion: options.resourceVersion,
      creationTimestamp: options.createdAt,
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
      managedFields: [
        {
          manager:
            metadata.ownerReferences === undefined
              ? 'kubectl-client-side-apply'
              : 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: options.createdAt,
          fieldsType: 'FieldsV1',
          fieldsV1: managedFieldsOf(spec),
        },
      ],
    },
    spec: {
      ...spec,
      ...(spec.initContainers === undefined
        ? {}
        : { initContainers: withToken(spec.initContainers) }),
      containers: withToken(spec.containers) ?? [],
      serviceAccountName: serviceAccount,
      serviceAccount,
      tolerations: [
        ...(spec.tolerations ?? []),
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      volumes: [
        ...(spec.volumes ?? []),
        ...(automount
          ? [
              {
                name: tokenVolume,
                projected: {
                  defaultMode: 420,
                  sources: [
                    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                    {
                      configMap: {
                        name: 'kube-root-ca.crt',
                        items: [{ key: 'ca.crt', path: 'ca.crt' }],
                      },
                    },
                    {
                      downwardAPI: {
                        items: [
                          {
                            path: 'namespace',
                            fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                          },
                        ],
                      },
                    },
                  ],
                },
              },
            ]
          : []),
      ],
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/** managedFields keys as the API server writes them (`k:{"name":"app"}`): realistic size. */
function managedFieldsOf(spec: PodSpec): Record<string, unknown> {
  const containers: Record<string, unknown> = {};
  for (const container of spec.containers) {
    containers[`k:{"name":"${container.name}"}`] = {
      '.': {},
      'f:image': {},
      'f:imagePullPolicy': {},
      'f:name': {},
      'f:resources': {},
      'f:terminationMessagePath': {},
      'f:terminationMessagePolicy': {},
      ...(container.securityContext === undefined ? {} : { 'f:securityContext': { '.': {} } }),
      ...(container.volumeMounts === undefined ? {} : { 'f:volumeMounts': { '.': {} } }),
    };
  }
  return {
    'f:metadata': { 'f:labels': { '.': {} } },
    'f:spec': {
      'f:containers': containers,
      'f:dnsPolicy': {},
      'f:enableServiceLinks': {},
      'f:restartPolicy': {},
      'f:schedulerName': {},
      'f:securityContext': {},
      'f:terminationGracePeriodSeconds': {},
    },
  };
}

/** A UUID (version-4 layout) derived from a text, so the samples are the same on every run. */
export function uuidFrom(text: string): string {
  // FNV-1a over the text, stretched to 128 bits with four seeds; enough for sample ids.
  const words: string[] = [];
  for (let seed = 0; seed < 4; seed += 1) {
    let hash = 0x811c9dc5 ^ seed;
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    words.push((hash >>> 0).toString(16).padStart(8, '0'));
  }
  const hex = words.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
