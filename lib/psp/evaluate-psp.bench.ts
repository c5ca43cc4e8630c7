/**
 * Throughput of the PSP evaluator: a realistic Deployment pod (two containers, the projected
 * service-account token) against the two EKS policies and their RBAC, as loaded from
 * lib/psp/samples. Vitest's `hz` column is pods per second (one evaluation per iteration); a
 * plain pods/s line per scenario is printed first. Target: ≥ 100,000 pods/s on one core.
 */
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import type { Pod } from '../k8s.ts';
import { buildPolicySet, loadManifestPaths } from '../manifests/load-manifests.ts';
import { evaluatePsp, type PspRequest } from './evaluate-psp.ts';

const samples = join(import.meta.dirname, 'samples');
const { policySet } = buildPolicySet(await loadManifestPaths([samples]));
const { pods } = buildPolicySet(await loadManifestPaths([join(samples, 'pods')]));
const podNamed = (file: string) => pods.find((p) => p.source.endsWith(file))?.pod as Pod;
const web = podNamed('web.yaml');
const agent = podNamed('node-agent.yaml');
const storedWeb: Pod = {
  ...web,
  metadata: { ...web.metadata, annotations: { 'kubernetes.io/psp': 'eks.privileged' } },
};

const controller: PspRequest = {
  user: 'system:serviceaccount:kube-system:replicaset-controller',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
  operation: 'create',
};
const unauthenticated: PspRequest = { user: 'ci-bot', groups: [], operation: 'create' };
const users: PspRequest[] = Array.from({ length: 100 }, (_, i) => ({
  user: `user-${i}`,
  groups: i % 2 === 0 ? ['system:authenticated', 'devs'] : ['devs'],
}));

const scenarios: { name: string; evaluate: (i: number) => unknown }[] = [
  {
    name: 'controller creates a web pod (eks.privileged, unchanged)',
    evaluate: () => evaluatePsp(web, policySet, controller),
  },
  {
    name: 'no authenticated group: eks.restrictive admits with defaults',
    evaluate: () => evaluatePsp(web, policySet, unauthenticated),
  },
  {
    name: 'privileged node agent denied by eks.restrictive (5 reasons)',
    evaluate: () => evaluatePsp(agent, policySet, unauthenticated),
  },
  {
    name: 'update of a stored pod, kubernetes.io/psp tried first',
    evaluate: () => evaluatePsp(storedWeb, policySet, { ...controller, operation: 'update' }),
  },
  {
    name: '100 different requesters (RBAC cache per requester)',
    evaluate: (i) => evaluatePsp(web, policySet, users[i % 100] as PspRequest),
  },
];

for (const { name, evaluate } of scenarios) {
  const count = 200_000;
  for (let i = 0; i < 20_000; i += 1) evaluate(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) evaluate(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `psp evaluate: ${Math.round(count / seconds).toLocaleString('en-US')} pods/s — ${name}`,
  );
}

describe('evaluatePsp: realistic pod, EKS policies and RBAC (hz = pods/s)', () => {
  for (const { name, evaluate } of scenarios) {
    let i = 0;
    bench(name, () => {
      evaluate(i);
      i += 1;
    });
  }
});
