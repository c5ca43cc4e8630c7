/**
 * PSS evaluations per second on one core, for a realistic pod (what a Deployment's pod template
 * expands to: an init container, an app and a sidecar, probes, ports, mounted config, secrets and
 * a projected token) at baseline and restricted, latest version. `hz` is evaluations/second.
 * The Go library does about 200,000/s on a comparable pod.
 */
import { bench, describe } from 'vitest';
import type { Container, Pod } from '../k8s.ts';
import { evaluatePss, type PssTarget } from './evaluate-pss.ts';

const hardened = () => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
});

const container = (name: string, image: string, port: number): Container => ({
  name,
  image,
  ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
  env: [
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  ],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  livenessProbe: { httpGet: { path: '/healthz', port }, periodSeconds: 10 },
  readinessProbe: { httpGet: { path: '/ready', port }, periodSeconds: 5 },
  volumeMounts: [
    { name: 'config', mountPath: '/etc/app' },
    { name: 'tmp', mountPath: '/tmp' },
  ],
  securityContext: hardened(),
});

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'checkout-7d9f8b6c5-x2x9q',
    namespace: 'shop',
    labels: { app: 'checkout', 'pod-template-hash': '7d9f8b6c5' },
    annotations: { 'kubectl.kubernetes.io/default-container': 'app' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'checkout-7d9f8b6c5',
        uid: 'u',
        controller: true,
      },
    ],
  },
  spec: {
    serviceAccountName: 'checkout',
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    initContainers: [{ ...container('migrate', 'shop/migrate:1.4.2', 9000), ports: [] }],
    containers: [
      container('app', 'shop/checkout:1.4.2', 8080),
      container('envoy', 'envoyproxy/envoy:v1.31.0', 9901),
    ],
    volumes: [
      { name: 'config', configMap: { name: 'checkout' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'db', secret: { secretName: 'checkout-db' } },
      {
        name: 'kube-api-access',
        projected: {
          sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }],
        },
      },
    ],
  },
};

const rootPod: Pod = {
  ...pod,
  spec: {
    ...pod.spec,
    securityContext: {},
    containers: [{ name: 'app', image: 'shop/checkout:1.4.2' }],
  } as Pod['spec'],
};

const BASELINE: PssTarget = { level: 'baseline', version: 'v1.37' };
const RESTRICTED: PssTarget = { level: 'restricted', version: 'v1.37' };

describe('evaluatePss, realistic pod, latest', () => {
  bench('baseline (allowed)', () => {
    evaluatePss(pod, BASELINE);
  });

  bench('restricted (allowed)', () => {
    evaluatePss(pod, RESTRICTED);
  });

  bench('baseline + restricted (two evaluations per iteration)', () => {
    evaluatePss(pod, BASELINE);
    evaluatePss(pod, RESTRICTED);
  });

  bench('restricted (denied by four checks)', () => {
    evaluatePss(rootPod, RESTRICTED);
  });
});
