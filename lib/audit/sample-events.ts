/**
 * A realistic EKS audit log, built in code so tests, benches and the local stack share it:
 * `events/audit-log-sample.jsonl` is `renderSampleAuditLog()` (a test fails on drift), and
 * `buildAuditBatch` makes batches of any size with the same kinds of events for the bench.
 *
 * The cluster is an EKS 1.24 cluster (`shop-prod`) still running the default `eks.privileged`
 * policy, so every stored pod says `kubernetes.io/psp: eks.privileged`. Events follow the fixed
 * EKS audit policy (eks-audit-events.md §2): field order as the API server writes it,
 * microsecond timestamps, RequestResponse for pod writes and POST exec, Request for reads and
 * WebSocket exec, Metadata for secrets, configmaps, leases and token reviews.
 */
import type { Container, Pod } from '../k8s.ts';
import {
  requestPod,
  type SamplePodInput,
  sampleContainer,
  storedPod,
  uuidFrom,
} from './sample-pods.ts';

export const SAMPLE_CLUSTER = 'shop-prod';
export const SAMPLE_LOG_GROUP = `/aws/eks/${SAMPLE_CLUSTER}/cluster`;
export const SAMPLE_LOG_STREAM = 'kube-apiserver-audit-6f0a9c1e4b7d2358a91e0c4f7b2d6a13';
export const SAMPLE_ACCOUNT = '111122223333';

export interface SampleUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

const ALICE: SampleUser = {
  username: `arn:aws:sts::${SAMPLE_ACCOUNT}:assumed-role/AWSReservedSSO_Developer_4f1c2a9e7b3d5c60/alice-example.com`,
  uid: `aws-iam-authenticator:${SAMPLE_ACCOUNT}:AROAEXAMPLEALICE00001`,
  groups: ['system:authenticated'],
  extra: {
    accessKeyId: ['ASIAEXAMPLEALICE0001'],
    arn: [
      `arn:aws:sts::${SAMPLE_ACCOUNT}:assumed-role/AWSReservedSSO_Developer_4f1c2a9e7b3d5c60/alice@example.com`,
    ],
    canonicalArn: [`arn:aws:iam::${SAMPLE_ACCOUNT}:role/AWSReservedSSO_Developer_4f1c2a9e7b3d5c60`],
    principalId: ['AROAEXAMPLEALICE00001'],
    sessionName: ['alice@example.com'],
  },
};
const ADMIN: SampleUser = {
  username: 'kubernetes-admin',
  uid: `aws-iam-authenticator:${SAMPLE_ACCOUNT}:AIDAEXAMPLEADMIN00001`,
  groups: ['system:masters', 'system:authenticated'],
};
const controller = (name: string): SampleUser => ({
  username: `system:serviceaccount:kube-system:${name}`,
  uid: uuidFrom(`sa/kube-system/${name}`),
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
});
const NODE = 'ip-10-0-1-23.eu-west-1.compute.internal';
const KUBELET: SampleUser = {
  username: `system:node:${NODE}`,
  uid: `aws-iam-authenticator:${SAMPLE_ACCOUNT}:AROAEXAMPLENODE000001`,
  groups: ['system:bootstrappers', 'system:nodes', 'system:authenticated'],
};
const KUBECTL = 'kubectl/v1.24.17 (linux/amd64) kubernetes/22a9682';
const KUBECTL_130 = 'kubectl/v1.30.4 (darwin/arm64) kubernetes/a51b3b7';
const CONTROLLER_AGENT =
  'kube-controller-manager/v1.24.17 (linux/amd64) kubernetes/22a9682/system:serviceaccount:kube-system:replicaset-controller';
const BASE_TIME = Date.parse('2026-11-26T09:00:00Z');

/** RFC 3339 UTC with microseconds, `seconds` after the sample's start. */
export function sampleTime(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const date = new Date(BASE_TIME + Math.floor(micros / 1000));
  const fraction = String(((micros % 1e6) + 1e6) % 1e6).padStart(6, '0');
  return `${date.toISOString().slice(0, 19)}.${fraction}Z`;
}

export interface SampleEventInput {
  auditID: string;
  level: 'Metadata' | 'Request' | 'RequestResponse';
  stage?: 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete';
  requestURI: string;
  verb: string;
  user: SampleUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: Record<string, string>;
  code?: number;
  status?: Record<string, unknown>;
  requestObject?: unknown;
  responseObject?: unknown;
  /** Seconds after the sample's start. */
  at: number;
  annotations?: Record<string, string>;
}

/**
 * One audit Event with the fields in the API server's order. RequestReceived has no status, no
 * annotations and no bodies; Metadata level has no bodies; Request level no response body.
 */
export function buildAuditEvent(input: SampleEventInput): Record<string, unknown> {
  const stage = input.stage ?? 'ResponseComplete';
  const received = stage === 'RequestReceived';
  const withRequest = !received && input.level !== 'Metadata';
  const withResponse = !received && input.level === 'RequestResponse';
  const code = input.code ?? 200;
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: input.level,
    auditID: input.auditID,
    stage,
    requestURI: input.requestURI,
    verb: input.verb,
    user: input.user,
    sourceIPs: input.sourceIPs ?? ['192.0.2.10'],
    userAgent: input.userAgent ?? KUBECTL,
    ...(input.objectRef === undefined ? {} : { objectRef: input.objectRef }),
    ...(received ? {} : { responseStatus: input.status ?? { metadata: {}, code } }),
    ...(withRequest && input.requestObject !== undefined
      ? { requestObject: input.requestObject }
      : {}),
    ...(withResponse && input.responseObject !== undefined
      ? { responseObject: input.responseObject }
      : {}),
    requestReceivedTimestamp: sampleTime(input.at),
    stageTimestamp: sampleTime(input.at + (received ? 0 : 0.004211)),
    ...(received
      ? {}
      : {
          annotations: {
            'authorization.k8s.io/decision':
              code === 403 && input.status === undefined ? 'forbid' : 'allow',
            'authorization.k8s.io/reason': reasonFor(input.user),
            ...input.annotations,
          },
        }),
  };
}

function reasonFor(user: SampleUser): string {
  if (user.groups.includes('system:masters')) return '';
  if (user.username.startsWith('arn:aws:sts::')) {
    return `EKS Access Policy: allowed by ClusterRoleBinding "arn:aws:iam::${SAMPLE_ACCOUNT}:role/AWSReservedSSO_Developer_4f1c2a9e7b3d5c60+arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy" of ClusterRole "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy" to User "AROAEXAMPLEALICE00001"`;
  }
  if (user.username.startsWith('system:node:')) return '';
  const name = user.username.split(':').at(-1) ?? '';
  return `RBAC: allowed by ClusterRoleBinding "system:controller:${name}" of ClusterRole "system:controller:${name}" to ServiceAccount "${name}/kube-system"`;
}

const PSP_ADMITTED = {
  'pod-security.kubernetes.io/enforce-policy': 'privileged:latest',
  'podsecuritypolicy.policy.k8s.io/admit-policy': 'eks.privileged',
  'podsecuritypolicy.policy.k8s.io/validate-policy': 'eks.privileged',
};

export interface PodCreateInput {
  auditID: string;
  at: number;
  user: SampleUser;
  pod: SamplePodInput;
  suffix?: string;
  level?: SampleEventInput['level'];
  stage?: SampleEventInput['stage'];
  dryRun?: boolean;
  userAgent?: string;
  /** Extra annotations admission adds to the stored pod. */
  storedAnnotations?: Record<string, string>;
}

/** A successful pod create: request body, stored pod, PSP and PSA annotations. */
export function podCreateEvent(input: PodCreateInput): Record<string, unknown> {
  const request = requestPod(input.pod);
  const stored = storedPod(request, {
    suffix: input.suffix,
    createdAt: sampleTime(input.at).replace(/\.\d+Z$/, 'Z'),
    resourceVersion: String(48_211_000 + Math.round(input.at * 10)),
    psp: 'eks.privileged',
    annotations: input.storedAnnotations,
  });
  const namespace = input.pod.namespace;
  const query = input.dryRun
    ? '?dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict'
    : '';
  return buildAuditEvent({
    auditID: input.auditID,
    level: input.level ?? 'RequestResponse',
    stage: input.stage,
    requestURI: `/api/v1/namespaces/${namespace}/pods${query}`,
    verb: 'create',
    user: input.user,
    sourceIPs: input.user.username.startsWith('system:') ? ['10.0.12.250'] : ['203.0.113.24'],
    userAgent:
      input.userAgent ?? (input.user.username.startsWith('system:') ? CONTROLLER_AGENT : KUBECTL),
    objectRef: {
      resource: 'pods',
      namespace,
      ...(input.pod.name === undefined ? {} : { name: input.pod.name }),
      apiVersion: 'v1',
    },
    code: 201,
    requestObject: request,
    responseObject: stored,
    at: input.at,
    annotations: PSP_ADMITTED,
  });
}

export interface ExecInput {
  auditID: string;
  at: number;
  user: SampleUser;
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** POST over SPDY (kubectl ≤ 1.29) or GET over WebSocket (kubectl ≥ 1.30). */
  transport?: 'spdy' | 'websocket';
  stage?: SampleEventInput['stage'];
  subresource?: 'exec' | 'attach';
  tty?: boolean;
}

/** An exec (or attach) session event; the argv is form-encoded into the URI as kubectl does. */
export function execEvent(input: ExecInput): Record<string, unknown> {
  const subresource = input.subresource ?? 'exec';
  const websocket = input.transport === 'websocket';
  const params = [
    ...input.command.map((arg) => `command=${encodeFormComponent(arg)}`),
    `container=${encodeFormComponent(input.container)}`,
    'stderr=true',
    ...(input.tty ? ['stdin=true'] : []),
    'stdout=true',
    ...(input.tty ? ['tty=true'] : []),
  ];
  return buildAuditEvent({
    auditID: input.auditID,
    level: websocket ? 'Request' : 'RequestResponse',
    stage: input.stage,
    requestURI: `/api/v1/namespaces/${input.namespace}/pods/${input.pod}/${subresource}?${params.join('&')}`,
    verb: websocket ? 'get' : 'create',
    user: input.user,
    sourceIPs: ['203.0.113.24'],
    userAgent: websocket ? KUBECTL_130 : KUBECTL,
    objectRef: {
      resource: 'pods',
      namespace: input.namespace,
      name: input.pod,
      apiVersion: 'v1',
      subresource,
    },
    code: 101,
    at: input.at,
  });
}

/** `application/x-www-form-urlencoded`, as Go's url.Values encodes. */
function encodeFormComponent(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Everyday non-pod traffic of an EKS cluster; `seq` varies names, times and ids. */
export function backgroundEvent(kind: number, seq: number, at: number): Record<string, unknown> {
  const auditID = uuidFrom(`background/${kind}/${seq}`);
  const node = `ip-10-0-${(seq % 3) + 1}-${20 + (seq % 7)}.eu-west-1.compute.internal`;
  const kubelet: SampleUser = { ...KUBELET, username: `system:node:${node}` };
  switch (kind % 8) {
    case 0:
      return buildAuditEvent({
        auditID,
        level: 'Metadata',
        requestURI: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}?timeout=10s`,
        verb: 'update',
        user: kubelet,
        sourceIPs: ['10.0.1.23'],
        userAgent: 'kubelet/v1.24.17-eks-5e0fdde (linux/amd64) kubernetes/4ad4a6b',
        objectRef: {
          resource: 'leases',
          namespace: 'kube-node-lease',
          name: node,
          uid: uuidFrom(`lease/${node}`),
          apiGroup: 'coordination.k8s.io',
          apiVersion: 'v1',
          resourceVersion: String(48_000_000 + seq),
        },
        at,
      });
    case 1:
      return buildAuditEvent({
        auditID,
        level: 'Metadata',
        requestURI: '/api/v1/namespaces/kube-system/configmaps/aws-auth',
        verb: 'get',
        user: { username: 'eks:authenticator', groups: ['system:authenticated'] },
        sourceIPs: ['::1'],
        userAgent: 'aws-iam-authenticator/v0.6.11 (linux/amd64)',
        objectRef: {
          resource: 'configmaps',
          namespace: 'kube-system',
          name: 'aws-auth',
          apiVersion: 'v1',
        },
        at,
      });
    case 2:
      return buildAuditEvent({
        auditID,
        level: 'Request',
        requestURI: `/api/v1/namespaces/shop/pods/web-7c9f8d6b5-${pad(seq)}/status`,
        verb: 'patch',
        user: kubelet,
        sourceIPs: ['10.0.1.23'],
        userAgent: 'kubelet/v1.24.17-eks-5e0fdde (linux/amd64) kubernetes/4ad4a6b',
        objectRef: {
          resource: 'pods',
          namespace: 'shop',
          name: `web-7c9f8d6b5-${pad(seq)}`,
          apiVersion: 'v1',
          subresource: 'status',
        },
        requestObject: {
          metadata: { uid: uuidFrom(`pod/${seq}`) },
          status: {
            $setElementOrder_conditions: [{ type: 'Initialized' }, { type: 'Ready' }],
            conditions: [
              {
                lastTransitionTime: sampleTime(at).replace(/\.\d+Z$/, 'Z'),
                status: 'True',
                type: 'Ready',
              },
            ],
            containerStatuses: [
              {
                containerID: `containerd://${uuidFrom(`cid/${seq}`).replaceAll('-', '')}`,
                image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.42.0',
                name: 'app',
                ready: true,
                restartCount: 0,
                started: true,
                state: { running: { startedAt: sampleTime(at).replace(/\.\d+Z$/, 'Z') } },
              },
            ],
          },
        },
        at,
      });
    case 3:
      return buildAuditEvent({
        auditID,
        level: 'Request',
        requestURI: `/api/v1/namespaces/shop/pods/web-7c9f8d6b5-${pad(seq)}`,
        verb: 'get',
        user: kubelet,
        sourceIPs: ['10.0.1.23'],
        userAgent: 'kubelet/v1.24.17-eks-5e0fdde (linux/amd64) kubernetes/4ad4a6b',
        objectRef: {
          resource: 'pods',
          namespace: 'shop',
          name: `web-7c9f8d6b5-${pad(seq)}`,
          apiVersion: 'v1',
        },
        at,
      });
    case 4:
      return buildAuditEvent({
        auditID,
        level: 'Metadata',
        requestURI: '/apis/authentication.k8s.io/v1/tokenreviews',
        verb: 'create',
        user: {
          username: 'system:serviceaccount:kube-system:metrics-server',
          groups: ['system:serviceaccounts', 'system:authenticated'],
        },
        sourceIPs: ['10.0.2.41'],
        userAgent: 'metrics-server/v0.6.4 (linux/amd64) kubernetes/$Format',
        objectRef: {
          resource: 'tokenreviews',
          apiGroup: 'authentication.k8s.io',
          apiVersion: 'v1',
        },
        code: 201,
        at,
      });
    case 5:
      return buildAuditEvent({
        auditID,
        level: 'Request',
        requestURI: `/api/v1/nodes/${node}/status?timeout=10s`,
        verb: 'patch',
        user: kubelet,
        sourceIPs: ['10.0.1.23'],
        userAgent: 'kubelet/v1.24.17-eks-5e0fdde (linux/amd64) kubernetes/4ad4a6b',
        objectRef: { resource: 'nodes', name: node, apiVersion: 'v1', subresource: 'status' },
        requestObject: {
          status: {
            $setElementOrder_conditions: [
              { type: 'MemoryPressure' },
              { type: 'DiskPressure' },
              { type: 'Ready' },
            ],
            conditions: [
              { lastHeartbeatTime: sampleTime(at).replace(/\.\d+Z$/, 'Z'), type: 'Ready' },
            ],
          },
        },
        at,
      });
    case 6:
      return buildAuditEvent({
        auditID,
        level: 'Metadata',
        requestURI:
          '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?resourceVersion=48211000',
        verb: 'list',
        user: controller('endpointslice-controller'),
        sourceIPs: ['::1'],
        userAgent: CONTROLLER_AGENT,
        objectRef: {
          resource: 'endpointslices',
          namespace: 'shop',
          apiGroup: 'discovery.k8s.io',
          apiVersion: 'v1',
        },
        at,
      });
    default:
      return buildAuditEvent({
        auditID,
        level: 'Request',
        requestURI: '/api/v1/namespaces/shop/serviceaccounts/web/token',
        verb: 'create',
        user: kubelet,
        sourceIPs: ['10.0.1.23'],
        userAgent: 'kubelet/v1.24.17-eks-5e0fdde (linux/amd64) kubernetes/4ad4a6b',
        objectRef: {
          resource: 'serviceaccounts',
          namespace: 'shop',
          name: 'web',
          apiVersion: 'v1',
          subresource: 'token',
        },
        code: 201,
        requestObject: {
          kind: 'TokenRequest',
          apiVersion: 'authentication.k8s.io/v1',
          metadata: { creationTimestamp: null },
          spec: {
            audiences: ['sts.amazonaws.com'],
            expirationSeconds: 86400,
            boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: `web-7c9f8d6b5-${pad(seq)}` },
          },
          status: { token: '', expirationTimestamp: null },
        },
        at,
      });
  }
}

function pad(seq: number): string {
  const letters = 'bcdfghjklmnpqrstvwxz2456789';
  let text = '';
  let n = seq + 7919;
  for (let i = 0; i < 5; i += 1) {
    text += letters[n % letters.length];
    n = Math.floor(n / letters.length) + 31 * i;
  }
  return text;
}

// ---- the pods of the sample ----

/** Compliant with eks.restrictive and PSS restricted. */
export function webPod(seq = 0): SamplePodInput {
  return {
    namespace: 'shop',
    generateName: 'web-7c9f8d6b5-',
    labels: { app: 'web', 'pod-template-hash': '7c9f8d6b5' },
    annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' },
    owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c9f8d6b5' },
    spec: {
      serviceAccountName: 'web',
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        supplementalGroups: [10001],
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        sampleContainer({
          name: 'app',
          image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.42.${seq % 10}`,
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          env: [
            { name: 'LOG_LEVEL', value: 'info' },
            { name: 'SESSION_SIGNING_KEY', value: 'sk_live_7Hq2vX9pLm4Rt8Wz' },
            { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'web-db', key: 'url' } } },
          ],
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        }),
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  };
}

/** A log shipper: host network, root, /var/log and /etc/machine-id — violations, no alert. */
export function logShipperPod(): SamplePodInput {
  return {
    namespace: 'logging',
    generateName: 'fluent-bit-',
    labels: { 'app.kubernetes.io/name': 'fluent-bit', 'controller-revision-hash': '6d8f7c9b84' },
    owner: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluent-bit' },
    spec: {
      serviceAccountName: 'fluent-bit',
      hostNetwork: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      nodeName: NODE,
      containers: [
        sampleContainer({
          name: 'fluent-bit',
          image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2',
          ports: [{ containerPort: 2020, hostPort: 2020, name: 'metrics', protocol: 'TCP' }],
          securityContext: { runAsUser: 0 },
          volumeMounts: [
            { name: 'varlog', mountPath: '/var/log', readOnly: true },
            { name: 'machine-id', mountPath: '/etc/machine-id', readOnly: true },
          ],
        }),
      ],
      volumes: [
        { name: 'varlog', hostPath: { path: '/var/log', type: '' } },
        { name: 'machine-id', hostPath: { path: '/etc/machine-id', type: 'File' } },
      ],
    },
  };
}

/** A developer's privileged toolbox with a cloud secret in its env. */
export function toolboxPod(): SamplePodInput {
  return {
    namespace: 'shop',
    name: 'toolbox',
    labels: { run: 'toolbox' },
    spec: {
      containers: [
        sampleContainer({
          name: 'toolbox',
          image: 'public.ecr.aws/docker/library/alpine:3.19',
          command: ['sh', '-c', 'sleep infinity'],
          env: [
            { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' },
            { name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
          ],
          securityContext: { privileged: true },
        }),
      ],
    },
  };
}

/** `kubectl debug node/<node>`: host namespaces and the node's / at /host. */
export function nodeDebuggerPod(): SamplePodInput {
  return {
    namespace: 'default',
    name: `node-debugger-${NODE}-x7k2p`,
    spec: {
      nodeName: NODE,
      hostIPC: true,
      hostNetwork: true,
      hostPID: true,
      restartPolicy: 'Never',
      containers: [
        sampleContainer({
          name: 'debugger',
          image: 'public.ecr.aws/docker/library/busybox:1.36',
          stdin: true,
          tty: true,
          volumeMounts: [{ name: 'host-root', mountPath: '/host' }],
        }),
      ],
      volumes: [{ name: 'host-root', hostPath: { path: '/', type: '' } }],
    },
  };
}

function reportPod(): SamplePodInput {
  return {
    namespace: 'reports',
    name: 'report-generator-0',
    owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'report-generator' },
    spec: { containers: [sampleContainer({ name: 'report', image: 'reports/generator:3.1' })] },
  };
}

function privilegedShellPod(): SamplePodInput {
  return {
    namespace: 'payments',
    name: 'priv-test',
    spec: {
      containers: [
        sampleContainer({
          name: 'shell',
          image: 'public.ecr.aws/docker/library/alpine:3.19',
          command: ['sleep', '3600'],
          securityContext: { privileged: true },
        }),
      ],
    },
  };
}

// ---- the sample log ----

/** auditIDs of the sample's events, for tests. */
export const SAMPLE_IDS = {
  webCreate: uuidFrom('sample/web-create'),
  logShipperCreate: uuidFrom('sample/log-shipper-create'),
  toolboxCreate: uuidFrom('sample/toolbox-create'),
  nodeDebuggerCreate: uuidFrom('sample/node-debugger-create'),
  metadataOnlyCreate: uuidFrom('sample/metadata-only-create'),
  forbiddenCreate: uuidFrom('sample/forbidden-create'),
  dryRunCreate: uuidFrom('sample/dry-run-create'),
  execShadow: uuidFrom('sample/exec-shadow'),
  cpKubeconfigGet: uuidFrom('sample/cp-kubeconfig-get'),
  cpKubeconfig: uuidFrom('sample/cp-kubeconfig'),
  execPassword: uuidFrom('sample/exec-password'),
  execShell: uuidFrom('sample/exec-shell'),
  debugContainer: uuidFrom('sample/debug-container'),
  webLabelPatch: uuidFrom('sample/web-label-patch'),
} as const;

export interface SampleEntry {
  /** What the line shows, for people and tests. */
  label: string;
  event: Record<string, unknown>;
}

/** The sample audit log, in log order (streams interleave: not sorted by time). */
export function buildSampleAuditLog(): SampleEntry[] {
  const web = podCreateEvent({
    auditID: SAMPLE_IDS.webCreate,
    at: 1.2,
    user: controller('replicaset-controller'),
    pod: webPod(),
    suffix: 'q8z4m',
    storedAnnotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' },
  });
  const webName = 'web-7c9f8d6b5-q8z4m';
  return [
    { label: 'lease renewal (not a pod event)', event: backgroundEvent(0, 1, 0.1) },
    { label: 'aws-auth read (not a pod event)', event: backgroundEvent(1, 2, 0.4) },
    { label: 'compliant pod create', event: web },
    {
      label: 'kubelet status patch (pods/status is not a pod change)',
      event: backgroundEvent(2, 3, 3.5),
    },
    {
      label: 'RequestReceived stage of the toolbox create (no status, no body)',
      event: podCreateEvent({
        auditID: SAMPLE_IDS.toolboxCreate,
        at: 12.0,
        user: ALICE,
        pod: toolboxPod(),
        stage: 'RequestReceived',
      }),
    },
    {
      label: 'privileged pod create with cloud keys in env (PSP, PSS violations)',
      event: podCreateEvent({
        auditID: SAMPLE_IDS.toolboxCreate,
        at: 12.0,
        user: ALICE,
        pod: toolboxPod(),
      }),
    },
    {
      label:
        'DaemonSet pod create with host network and harmless host paths (PSP, PSS violations, no alert)',
      event: podCreateEvent({
        auditID: SAMPLE_IDS.logShipperCreate,
        at: 20.5,
        user: controller('daemon-set-controller'),
        pod: logShipperPod(),
        suffix: 'h2k9d',
      }),
    },
    { label: 'token review (not a pod event)', event: backgroundEvent(4, 4, 21.0) },
    {
      label: 'exec reading /etc/shadow (stream opened)',
      event: execEvent({
        auditID: SAMPLE_IDS.execShadow,
        at: 30.25,
        user: ALICE,
        namespace: 'shop',
        pod: webName,
        container: 'app',
        command: ['cat', '/etc/shadow'],
        stage: 'ResponseStarted',
      }),
    },
    {
      label: 'exec reading /etc/shadow (stream closed: same auditID, acted on once)',
      event: execEvent({
        auditID: SAMPLE_IDS.execShadow,
        at: 30.25,
        user: ALICE,
        namespace: 'shop',
        pod: webName,
        container: 'app',
        command: ['cat', '/etc/shadow'],
      }),
    },
    {
      label: 'kubectl cp first reads the pod (not a pod change)',
      event: buildAuditEvent({
        auditID: SAMPLE_IDS.cpKubeconfigGet,
        level: 'Request',
        requestURI: '/api/v1/namespaces/tools/pods/admin-box',
        verb: 'get',
        user: ADMIN,
        userAgent: KUBECTL_130,
        objectRef: { resource: 'pods', namespace: 'tools', name: 'admin-box', apiVersion: 'v1' },
        at: 41.0,
      }),
    },
    {
      label: 'kubectl cp of a kubeconfig out of the pod (tar over WebSocket)',
      event: execEvent({
        auditID: SAMPLE_IDS.cpKubeconfig,
        at: 41.3,
        user: ADMIN,
        namespace: 'tools',
        pod: 'admin-box',
        container: 'admin-box',
        command: ['tar', 'cf', '-', '/root/.kube/config'],
        transport: 'websocket',
      }),
    },
    {
      label: 'node debugger pod mounting the host / (sensitive-file alert)',
      event: podCreateEvent({
        auditID: SAMPLE_IDS.nodeDebuggerCreate,
        at: 55.0,
        user: ALICE,
        pod: nodeDebuggerPod(),
      }),
    },
    {
      label: 'pod create logged at Metadata level (unevaluated, not compliant)',
      event: podCreateEvent({
        auditID: SAMPLE_IDS.metadataOnlyCreate,
        at: 61.0,
        user: controller('statefulset-controller'),
        pod: reportPod(),
        level: 'Metadata',
      }),
    },
    {
      label: 'pod create refused by PodSecurity (403: changed nothing)',
      event: buildAuditEvent({
        auditID: SAMPLE_IDS.forbiddenCreate,
        level: 'RequestResponse',
        requestURI: '/api/v1/namespaces/payments/pods?fieldManager=kubectl-run',
        verb: 'create',
        user: ALICE,
        sourceIPs: ['203.0.113.24'],
        objectRef: { resource: 'pods', namespace: 'payments', name: 'priv-test', apiVersion: 'v1' },
        code: 403,
        status: {
          metadata: {},
          status: 'Failure',
          message:
            'pods "priv-test" is forbidden: violates PodSecurity "restricted:latest": privileged (container "shell" must not set securityContext.privileged=true)',
          reason: 'Forbidden',
          details: { name: 'priv-test', kind: 'pods' },
          code: 403,
        },
        requestObject: requestPod(privilegedShellPod()),
        responseObject: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message:
            'pods "priv-test" is forbidden: violates PodSecurity "restricted:latest": privileged (container "shell" must not set securityContext.privileged=true)',
          reason: 'Forbidden',
          details: { name: 'priv-test', kind: 'pods' },
          code: 403,
        },
        at: 70.0,
        annotations: { 'pod-security.kubernetes.io/enforce-policy': 'restricted:latest' },
      }),
    },
    {
      label: 'server-side dry run of a privileged pod (changed nothing)',
      event: podCreateEvent({
        auditID: SAMPLE_IDS.dryRunCreate,
        at: 75.0,
        user: ALICE,
        pod: { ...privilegedShellPod(), namespace: 'shop', name: 'priv-dry-run' },
        dryRun: true,
      }),
    },
    {
      label: 'exec with a password on the command line (redacted session, no alert)',
      event: execEvent({
        auditID: SAMPLE_IDS.execPassword,
        at: 80.0,
        user: ALICE,
        namespace: 'payments',
        pod: 'db-0',
        container: 'postgres',
        command: ['psql', 'postgresql://app:hunter2@localhost:5432/payments', '-c', 'select 1'],
        transport: 'websocket',
      }),
    },
    {
      label: 'interactive shell (exec activity, no alert)',
      event: execEvent({
        auditID: SAMPLE_IDS.execShell,
        at: 85.0,
        user: ALICE,
        namespace: 'shop',
        pod: webName,
        container: 'app',
        command: ['sh'],
        tty: true,
        stage: 'ResponseStarted',
      }),
    },
    {
      label: 'privileged debug container added with kubectl debug --profile=sysadmin',
      event: debugContainerEvent(web, 90.0),
    },
    {
      label: 'label patch of the compliant pod (an update: PSP evaluates it, PSS does not)',
      event: labelPatchEvent(web, 95.0),
    },
    { label: 'node heartbeat (not a pod event)', event: backgroundEvent(5, 6, 96.0) },
    { label: 'kubelet token request (not a pod event)', event: backgroundEvent(7, 7, 97.5) },
  ];
}

/** The sample log as JSON lines: what `events/audit-log-sample.jsonl` holds. */
export function renderSampleAuditLog(): string {
  return `${buildSampleAuditLog()
    .map((entry) => JSON.stringify(entry.event))
    .join('\n')}\n`;
}

function storedOf(createEvent: Record<string, unknown>): Pod {
  return structuredClone(createEvent.responseObject) as Pod;
}

function debugContainerEvent(create: Record<string, unknown>, at: number): Record<string, unknown> {
  const pod = storedOf(create);
  const name = pod.metadata?.name ?? '';
  const debugger_: Container = {
    ...sampleContainer({
      name: 'debugger-8xk2c',
      image: 'public.ecr.aws/docker/library/busybox:1.36',
    }),
    stdin: true,
    tty: true,
    targetContainerName: 'app',
    securityContext: { privileged: true },
  } as Container;
  const spec = pod.spec as NonNullable<Pod['spec']>;
  spec.ephemeralContainers = [debugger_];
  return buildAuditEvent({
    auditID: SAMPLE_IDS.debugContainer,
    level: 'RequestResponse',
    requestURI: `/api/v1/namespaces/shop/pods/${name}/ephemeralcontainers`,
    verb: 'patch',
    user: ALICE,
    sourceIPs: ['203.0.113.24'],
    objectRef: {
      resource: 'pods',
      namespace: 'shop',
      name,
      apiVersion: 'v1',
      subresource: 'ephemeralcontainers',
    },
    requestObject: { spec: { ephemeralContainers: [debugger_] } },
    responseObject: pod,
    at,
    annotations: { 'pod-security.kubernetes.io/enforce-policy': 'privileged:latest' },
  });
}

function labelPatchEvent(create: Record<string, unknown>, at: number): Record<string, unknown> {
  return podPatchEvent({
    auditID: SAMPLE_IDS.webLabelPatch,
    at,
    user: ALICE,
    create,
    patch: { metadata: { labels: { canary: 'true' } } },
    change: (pod) => {
      (pod.metadata as NonNullable<Pod['metadata']>).labels = {
        ...pod.metadata?.labels,
        canary: 'true',
      };
    },
    fieldManager: 'kubectl-label',
  });
}

export interface PodPatchInput {
  auditID: string;
  at: number;
  user: SampleUser;
  /** The create event (podCreateEvent) whose stored pod is patched. */
  create: Record<string, unknown>;
  /** The patch document, as `requestObject`: merge, strategic, JSON patch or apply object. */
  patch: unknown;
  /** What the patch does to the stored pod (applied to a copy, which is `responseObject`). */
  change?: (pod: Pod) => void;
  level?: SampleEventInput['level'];
  fieldManager?: string;
  userAgent?: string;
}

/**
 * A successful `patch` of an existing pod (an UPDATE for admission): the patch document in, the
 * patched stored pod out, validated by eks.privileged as every update on the sample cluster.
 */
export function podPatchEvent(input: PodPatchInput): Record<string, unknown> {
  const pod = storedOf(input.create);
  input.change?.(pod);
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? '';
  const query = input.fieldManager === undefined ? '' : `?fieldManager=${input.fieldManager}`;
  const system = input.user.username.startsWith('system:');
  return buildAuditEvent({
    auditID: input.auditID,
    level: input.level ?? 'RequestResponse',
    requestURI: `/api/v1/namespaces/${namespace}/pods/${name}${query}`,
    verb: 'patch',
    user: input.user,
    sourceIPs: system ? ['10.0.12.250'] : ['203.0.113.24'],
    userAgent: input.userAgent ?? (system ? CONTROLLER_AGENT : KUBECTL),
    objectRef: { resource: 'pods', namespace, name, apiVersion: 'v1' },
    requestObject: input.patch,
    responseObject: pod,
    at: input.at,
    annotations: {
      'podsecuritypolicy.policy.k8s.io/validate-policy': 'eks.privileged',
    },
  });
}

export interface AuditBatchOptions {
  /** Share of pod writes (creates) among the events; default 0.05. */
  podWriteShare?: number;
  /** Varies ids and names; default 1. */
  seed?: number;
}

/**
 * `count` audit-event messages in the proportions of a busy cluster: mostly leases, reads,
 * status patches and token traffic, `podWriteShare` pod creates (a mix of compliant and
 * violating pods, one in twenty of those with a sensitive host path), and now and then an exec.
 */
export function buildAuditBatch(count: number, options: AuditBatchOptions = {}): string[] {
  const share = options.podWriteShare ?? 0.05;
  const seed = options.seed ?? 1;
  const messages: string[] = [];
  const every = share > 0 ? Math.max(1, Math.round(1 / share)) : Number.POSITIVE_INFINITY;
  let creates = 0;
  for (let i = 0; i < count; i += 1) {
    const at = i * 0.01;
    const id = (label: string) => uuidFrom(`batch/${seed}/${label}/${i}`);
    let event: Record<string, unknown>;
    if (i % every === every - 1) {
      creates += 1;
      const pods = [webPod(i), logShipperPod(), toolboxPod(), webPod(i + 1)];
      const pod =
        creates % 20 === 0 ? nodeDebuggerPod() : (pods[creates % pods.length] as SamplePodInput);
      event = podCreateEvent({
        auditID: id('create'),
        at,
        user: pod === pods[2] ? ALICE : controller('replicaset-controller'),
        pod: pod.name === undefined ? pod : { ...pod, name: `${pod.name}-${i}` },
        suffix: pad(i),
      });
    } else if (i % 97 === 50) {
      event = execEvent({
        auditID: id('exec'),
        at,
        user: ALICE,
        namespace: 'shop',
        pod: `web-7c9f8d6b5-${pad(i)}`,
        container: 'app',
        command:
          i % 2 === 0
            ? ['sh']
            : ['sh', '-c', 'cat /var/run/secrets/kubernetes.io/serviceaccount/token'],
      });
    } else {
      event = backgroundEvent((i * 7 + seed) % 8, i, at);
    }
    messages.push(JSON.stringify(event));
  }
  return messages;
}
