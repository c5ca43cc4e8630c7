import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.ts';

const SAMPLES = 'lib/psp/samples';
const RESTRICTIVE = `${SAMPLES}/eks-restrictive.yaml`;
const WORKLOADS = `${SAMPLES}/workloads`;
const CONTROLLER_GROUPS = 'system:serviceaccounts, system:serviceaccounts:kube-system';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['evaluate', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A privileged node agent outside kube-system: its own service account gets no grant. */
const MONITORING_AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      serviceAccountName: agent
      automountServiceAccountToken: false
      containers:
        - name: agent
          image: example.com/agent:1
          securityContext: {privileged: true}
`;

/** team.privileged, usable through the group of the kube-system service accounts only. */
const CONTROLLER_GRANT = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata: {name: team.privileged}
spec:
  privileged: true
  volumes: ['*']
  seLinux: {rule: RunAsAny}
  runAsUser: {rule: RunAsAny}
  supplementalGroups: {rule: RunAsAny}
  fsGroup: {rule: RunAsAny}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: psp:team.privileged}
rules:
  - apiGroups: [policy]
    resources: [podsecuritypolicies]
    resourceNames: [team.privileged]
    verbs: [use]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: psp:team.privileged:controllers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp:team.privileged}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: 'system:serviceaccounts:kube-system'}
`;

const privilegedReason = {
  policy: 'eks.restrictive',
  field: 'spec.containers[0].securityContext.privileged',
  message: 'Privileged containers are not allowed (container "agent")',
};

describe('Command: psp-audit evaluate with workloads', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'psp-audit-workloads-'));
    await writeFile(file('agent-daemonset.yaml'), MONITORING_AGENT);
    await writeFile(
      file('agent-pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: agent-x, namespace: monitoring}\nspec:\n  serviceAccountName: agent\n  automountServiceAccountToken: false\n  containers: [{name: agent, image: example.com/agent:1, securityContext: {privileged: true}}]\n',
    );
    await writeFile(file('controller-grant.yaml'), CONTROLLER_GRANT);
    await writeFile(
      file('developer-grant.yaml'),
      CONTROLLER_GRANT.replace("name: 'system:serviceaccounts:kube-system'", 'name: developers'),
    );
    await writeFile(
      file('no-containers.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: []}\n',
    );
    await writeFile(
      file('bad-cronjob.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec: {containers: [{name: c}]}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, ports: [{hostPort: 70000}]}]\n',
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('evaluates the pod of every workload kind, naming the workload document as source', async () => {
    const { code, stdout, stderr } = await run([
      '--policies',
      RESTRICTIVE,
      '--pod',
      WORKLOADS,
      '--format',
      'json',
    ]);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(jsonLines(stdout).map((l) => [l.source, l.pod, l.allowed, l.policy])).toEqual([
      [`${WORKLOADS}/db-statefulset.yaml`, 'shop/db-0', true, 'eks.restrictive'],
      [`${WORKLOADS}/debug-deployment.yaml`, 'ops/toolbox-', false, null],
      [`${WORKLOADS}/mixed-list.yaml#0`, 'batch/standalone', true, 'eks.restrictive'],
      [`${WORKLOADS}/mixed-list.yaml#1`, 'batch/migrate-', true, 'eks.restrictive'],
      [`${WORKLOADS}/mixed-list.yaml#2`, 'batch/api-5c9d8-', true, 'eks.restrictive'],
      [`${WORKLOADS}/mixed-list.yaml#3`, 'default/legacy-', false, null],
      [`${WORKLOADS}/mixed-list.yaml#4`, 'batch/worker-', true, 'eks.restrictive'],
      [`${WORKLOADS}/node-agent-daemonset.yaml`, 'kube-system/node-agent-', false, null],
      [`${WORKLOADS}/report-cronjob.yaml`, 'finance/nightly-report-', false, null],
      [`${WORKLOADS}/web-deployment.yaml`, 'shop/web-', true, 'eks.restrictive'],
    ]);
  });

  it('denies a Deployment whose template eks.restrictive refuses, with the pod field paths', async () => {
    const { code, stdout } = await run([
      '--policies',
      RESTRICTIVE,
      '--pod',
      `${WORKLOADS}/debug-deployment.yaml`,
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      `${JSON.stringify({
        source: `${WORKLOADS}/debug-deployment.yaml`,
        pod: 'ops/toolbox-',
        allowed: false,
        policy: null,
        mutated: false,
        reasons: [
          {
            policy: 'eks.restrictive',
            field: 'spec.securityContext.hostPID',
            message: 'Host PID is not allowed to be used',
          },
          {
            policy: 'eks.restrictive',
            field: 'spec.volumes[0]',
            message: 'hostPath volumes are not allowed to be used (volume "host-proc")',
          },
          {
            policy: 'eks.restrictive',
            field: 'spec.containers[0].securityContext.privileged',
            message: 'Privileged containers are not allowed (container "shell")',
          },
          {
            policy: 'eks.restrictive',
            field: 'spec.containers[0].securityContext.capabilities.add',
            message: 'capability "SYS_PTRACE" may not be added (container "shell")',
          },
        ],
      })}\n`,
    );
  });

  it("says in text that the pod is a workload's pod template, created by its controller", async () => {
    const { code, stdout } = await run([
      '--policies',
      RESTRICTIVE,
      '--pod',
      `${WORKLOADS}/web-deployment.yaml`,
      '--pod',
      `${WORKLOADS}/report-cronjob.yaml`,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        `${WORKLOADS}/web-deployment.yaml  shop/web- (Deployment/web's pod template, created by system:serviceaccount:kube-system:replicaset-controller): allowed by PodSecurityPolicy eks.restrictive (after applying its defaults to the pod)`,
        `${WORKLOADS}/report-cronjob.yaml  finance/nightly-report- (CronJob/nightly-report's pod template, created by system:serviceaccount:kube-system:job-controller): DENIED by every usable PodSecurityPolicy:`,
        '  eks.restrictive: spec.containers[0].securityContext.runAsUser: running with the root UID (runAsUser 0) is forbidden (container "report")',
        '2 pods: 1 allowed, 1 denied',
        '',
      ].join('\n'),
    );
  });

  it('admits a CronJob pod by eks.privileged through the job-controller, which is authenticated', async () => {
    const { code, stdout } = await run([
      '--policies',
      SAMPLES,
      '--pod',
      `${WORKLOADS}/report-cronjob.yaml`,
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(jsonLines(stdout)).toEqual([
      {
        source: `${WORKLOADS}/report-cronjob.yaml`,
        pod: 'finance/nightly-report-',
        allowed: true,
        policy: 'eks.privileged',
        mutated: false,
        reasons: [],
      },
    ]);
  });

  it('the controller requester picks up a grant to system:serviceaccounts:kube-system; a bare pod does not', async () => {
    const { code, stdout } = await run([
      '--policies',
      RESTRICTIVE,
      '--policies',
      file('controller-grant.yaml'),
      '--pod',
      file('agent-daemonset.yaml'),
      '--pod',
      file('agent-pod.yaml'),
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        `${file('agent-daemonset.yaml')}  monitoring/agent- (DaemonSet/agent's pod template, created by system:serviceaccount:kube-system:daemon-set-controller): allowed by PodSecurityPolicy team.privileged`,
        `${file('agent-pod.yaml')}  monitoring/agent-x: DENIED by every usable PodSecurityPolicy:`,
        `  ${privilegedReason.policy}: ${privilegedReason.field}: ${privilegedReason.message}`,
        '2 pods: 1 allowed, 1 denied',
        '',
      ].join('\n'),
    );
  });

  it.each([
    { name: '--user', flags: ['--user', 'alice', '--group', 'system:authenticated'] },
    { name: '--group alone', flags: ['--group', 'system:authenticated'] },
  ])('$name replaces the controller requester', async ({ flags }) => {
    const { code, stdout } = await run([
      '--policies',
      RESTRICTIVE,
      '--policies',
      file('controller-grant.yaml'),
      '--pod',
      file('agent-daemonset.yaml'),
      ...flags,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        `${file('agent-daemonset.yaml')}  monitoring/agent- (DaemonSet/agent's pod template): DENIED by every usable PodSecurityPolicy:`,
        `  ${privilegedReason.policy}: ${privilegedReason.field}: ${privilegedReason.message}`,
        '1 pod: 0 allowed, 1 denied',
        '',
      ].join('\n'),
    );
  });

  it('names the controller requester when explaining a denial without reasons', async () => {
    const { code, stdout } = await run([
      '--policies',
      file('developer-grant.yaml'),
      '--pod',
      `${WORKLOADS}/web-deployment.yaml`,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      `${WORKLOADS}/web-deployment.yaml  shop/web- (Deployment/web's pod template, created by system:serviceaccount:kube-system:replicaset-controller): DENIED: neither user "system:serviceaccount:kube-system:replicaset-controller" (groups ${CONTROLLER_GROUPS}, system:authenticated) nor service account shop/web may use team.privileged\n1 pod: 0 allowed, 1 denied\n`,
    );
  });

  it('evaluates a List of pods and workloads: a PodTemplate has no controller, so an anonymous requester', async () => {
    const { code, stdout } = await run([
      '--policies',
      file('controller-grant.yaml'),
      '--pod',
      `${WORKLOADS}/mixed-list.yaml`,
    ]);
    expect(code).toBe(1);
    const list = `${WORKLOADS}/mixed-list.yaml`;
    expect(stdout).toBe(
      [
        `${list}#0  batch/standalone: DENIED: neither an anonymous requester (no groups) nor service account batch/default may use team.privileged`,
        `${list}#1  batch/migrate- (Job/migrate's pod template, created by system:serviceaccount:kube-system:job-controller): allowed by PodSecurityPolicy team.privileged`,
        `${list}#2  batch/api-5c9d8- (ReplicaSet/api-5c9d8's pod template, created by system:serviceaccount:kube-system:replicaset-controller): allowed by PodSecurityPolicy team.privileged`,
        `${list}#3  default/legacy- (ReplicationController/legacy's pod template, created by system:serviceaccount:kube-system:replication-controller): DENIED by every usable PodSecurityPolicy:`,
        '  team.privileged: spec.securityContext.hostNetwork: Host network is not allowed to be used',
        `${list}#4  batch/worker- (PodTemplate/worker's pod template): DENIED: neither an anonymous requester (no groups) nor service account batch/default may use team.privileged`,
        '5 pods: 2 allowed, 3 denied',
        '',
      ].join('\n'),
    );
  });

  it('warns about a workload given in --policies', async () => {
    const { stderr } = await run([
      '--policies',
      RESTRICTIVE,
      '--policies',
      `${WORKLOADS}/web-deployment.yaml`,
      '--pod',
      `${SAMPLES}/pods/web.yaml`,
    ]);
    expect(stderr).toBe(
      `psp-audit evaluate: warning: ${WORKLOADS}/web-deployment.yaml: a Deployment in --policies is not evaluated (use --pod)\n`,
    );
  });

  it.each([
    {
      name: 'a Deployment template without containers',
      pod: 'no-containers.yaml',
      stderr: (f: (n: string) => string) =>
        `psp-audit evaluate: ${f('no-containers.yaml')} (Deployment "web"): spec.template.spec.containers must be a list of at least one container\n`,
    },
    {
      name: 'a CronJob template with a bad host port',
      pod: 'bad-cronjob.yaml',
      stderr: (f: (n: string) => string) =>
        `psp-audit evaluate: ${f('bad-cronjob.yaml')}#1 (CronJob "nightly"): spec.jobTemplate.spec.template.spec.containers[0].ports[0].hostPort must be between 0 and 65535\n`,
    },
  ])('exits 2 with one line on stderr for $name', async ({ pod, stderr }) => {
    const result = await run(['--policies', RESTRICTIVE, '--pod', file(pod)]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: stderr(file) });
  });

  it('documents the workload kinds and the controller requester in --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'ReplicationController, PodTemplate): each yields the pod its controller',
    );
    expect(stdout).toContain(
      'in a real cluster, system:serviceaccount:kube-system:<controller> with the',
    );
    expect(stdout).toContain(
      `groups ${CONTROLLER_GROUPS.split(', ')[0]}, ${CONTROLLER_GROUPS.split(', ')[1]} and`,
    );
    expect(stdout).toContain('--user or --group replaces it.');
  });
});
