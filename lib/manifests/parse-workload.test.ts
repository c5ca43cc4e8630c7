import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidManifestError } from '../errors.ts';
import { buildPolicySet } from './build-policy-set.ts';
import { parseManifestText } from './parse-manifest-text.ts';
import { controllerRequester, parseWorkload, WORKLOAD_KINDS } from './parse-workload.ts';

const WORKLOADS = join(import.meta.dirname, '..', 'psp', 'samples', 'workloads');
const sample = (name: string) =>
  buildPolicySet(parseManifestText(readFileSync(join(WORKLOADS, name), 'utf8'), name));
const docs = (text: string) => parseManifestText(text, 'w.yaml');

const container = { name: 'c', image: 'example.com/c:1' };

describe('Function: parseWorkload', () => {
  it.each([
    { kind: 'Deployment', apiVersion: 'apps/v1', controller: 'replicaset-controller' },
    { kind: 'ReplicaSet', apiVersion: 'apps/v1', controller: 'replicaset-controller' },
    { kind: 'DaemonSet', apiVersion: 'apps/v1', controller: 'daemon-set-controller' },
    { kind: 'Job', apiVersion: 'batch/v1', controller: 'job-controller' },
    { kind: 'ReplicationController', apiVersion: 'v1', controller: 'replication-controller' },
  ])(
    'makes the pod a $kind would create, by the $controller',
    ({ kind, apiVersion, controller }) => {
      const object = {
        apiVersion,
        kind,
        metadata: { name: 'app', namespace: 'team', labels: { tier: 'not-copied' } },
        spec: {
          template: {
            metadata: {
              name: 'ignored',
              namespace: 'ignored',
              labels: { app: 'app' },
              annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' },
            },
            spec: { hostIPC: true, containers: [container] },
          },
        },
      };
      expect(parseWorkload(object, 'w.yaml')).toEqual({
        pod: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: 'app-',
            namespace: 'team',
            labels: { app: 'app' },
            annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' },
          },
          spec: { hostIPC: true, containers: [container] },
        },
        workload: { kind, name: 'app', controller },
      });
    },
  );

  it('reads a CronJob template from spec.jobTemplate.spec.template; the job-controller creates its pods', () => {
    const [entry] = sample('report-cronjob.yaml').pods;
    expect(entry).toEqual({
      source: 'report-cronjob.yaml',
      pod: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          generateName: 'nightly-report-',
          namespace: 'finance',
          annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' },
        },
        spec: {
          restartPolicy: 'OnFailure',
          containers: [
            {
              name: 'report',
              image: 'example.com/finance/report:2.0',
              securityContext: { runAsUser: 0 },
            },
          ],
        },
      },
      workload: { kind: 'CronJob', name: 'nightly-report', controller: 'job-controller' },
    });
  });

  it('reads a PodTemplate from template, with no controller, in namespace default when none is given', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'worker' },
      template: { spec: { containers: [container] } },
    };
    expect(parseWorkload(object, 'w.yaml')).toEqual({
      pod: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { generateName: 'worker-', namespace: 'default' },
        spec: { containers: [container] },
      },
      workload: { kind: 'PodTemplate', name: 'worker', controller: null },
    });
  });

  it('names a StatefulSet pod <set>-0 and turns volumeClaimTemplates into PVC volumes replacing same-named ones', () => {
    const [entry] = sample('db-statefulset.yaml').pods;
    expect(entry?.pod.metadata).toEqual({
      name: 'db-0',
      namespace: 'shop',
      labels: { app: 'db' },
    });
    expect(entry?.pod.spec?.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } },
      { name: 'config', configMap: { name: 'db-config' } },
    ]);
    expect(entry?.workload).toEqual({
      kind: 'StatefulSet',
      name: 'db',
      controller: 'statefulset-controller',
    });
  });

  it('does not change the workload object it reads', () => {
    const text = readFileSync(join(WORKLOADS, 'db-statefulset.yaml'), 'utf8');
    const [doc] = parseManifestText(text, 'db.yaml');
    const before = structuredClone(doc?.object);
    buildPolicySet(doc ? [doc] : []);
    expect(doc?.object).toEqual(before);
  });

  it('knows the eight workload kinds', () => {
    expect(WORKLOAD_KINDS).toEqual([
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'ReplicationController',
      'PodTemplate',
    ]);
  });
});

describe('Function: controllerRequester', () => {
  it('is the controller service account in kube-system, authenticated', () => {
    expect(controllerRequester('daemon-set-controller')).toEqual({
      user: 'system:serviceaccount:kube-system:daemon-set-controller',
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:kube-system',
        'system:authenticated',
      ],
    });
  });
});

describe('Function: buildPolicySet with workloads', () => {
  it('keeps pods and workload pods in manifest order, with their sources', () => {
    const built = sample('mixed-list.yaml');
    expect(
      built.pods.map(({ source, pod, workload }) => [
        source,
        `${pod.metadata?.namespace}/${pod.metadata?.name ?? pod.metadata?.generateName}`,
        workload?.kind ?? 'Pod',
      ]),
    ).toEqual([
      ['mixed-list.yaml#0', 'batch/standalone', 'Pod'],
      ['mixed-list.yaml#1', 'batch/migrate-', 'Job'],
      ['mixed-list.yaml#2', 'batch/api-5c9d8-', 'ReplicaSet'],
      ['mixed-list.yaml#3', 'default/legacy-', 'ReplicationController'],
      ['mixed-list.yaml#4', 'batch/worker-', 'PodTemplate'],
    ]);
    expect(built.pods[0]?.workload).toBeUndefined();
    expect(built.warnings).toEqual([]);
  });

  it('skips a workload kind of an API group it does not know, with a warning', () => {
    const built = buildPolicySet(
      docs('apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: d}\n'),
    );
    expect(built.pods).toEqual([]);
    expect(built.warnings).toEqual([
      'w.yaml (Deployment "d"): kind Deployment is not evaluated; ignored',
    ]);
  });

  it.each([
    {
      name: 'a Deployment without spec',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n',
      message: 'w.yaml (Deployment "web"): spec is required',
    },
    {
      name: 'a Deployment without template',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n',
      message: 'w.yaml (Deployment "web"): spec.template is required',
    },
    {
      name: 'a template without containers',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: []}}}\n',
      message:
        'w.yaml (Deployment "web"): spec.template.spec.containers must be a list of at least one container',
    },
    {
      name: 'a mistyped template container field',
      text: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec: {template: {spec: {containers: [{name: c, securityContext: {privileged: "yes please"}}]}}}\n',
      message:
        'w.yaml (DaemonSet "a"): spec.template.spec.containers[0].securityContext.privileged must be true or false, got a string',
    },
    {
      name: 'a CronJob template pod security context',
      text: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: r}\nspec: {jobTemplate: {spec: {template: {spec: {securityContext: {runAsUser: -1}, containers: [{name: c}]}}}}}\n',
      message:
        'w.yaml (CronJob "r"): spec.jobTemplate.spec.template.spec.securityContext.runAsUser must be between 0 and 2147483647',
    },
    {
      name: 'a CronJob without jobTemplate',
      text: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: r}\nspec: {schedule: "@daily"}\n',
      message: 'w.yaml (CronJob "r"): spec.jobTemplate is required',
    },
    {
      name: 'template annotations that are not strings',
      text: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {metadata: {annotations: {a: 1}}, spec: {containers: [{name: c}]}}}\n',
      message:
        'w.yaml (Job "j"): spec.template.metadata.annotations[a] must be a string, got an integer',
    },
    {
      name: 'a PodTemplate volume without name',
      text: 'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate: {spec: {containers: [{name: c}], volumes: [{emptyDir: {}}]}}\n',
      message: 'w.yaml (PodTemplate "t"): template.spec.volumes[0].name is required',
    },
    {
      name: 'a StatefulSet claim template without name',
      text: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {template: {spec: {containers: [{name: c}]}}, volumeClaimTemplates: [{metadata: {}}]}\n',
      message: 'w.yaml (StatefulSet "s"): spec.volumeClaimTemplates[0].metadata.name is required',
    },
    {
      name: 'a workload without a name',
      text: 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {}\nspec: {template: {spec: {containers: [{name: c}]}}}\n',
      message: 'w.yaml (ReplicaSet): metadata.name is required (or metadata.generateName)',
    },
  ])('refuses $name, naming the file, the document and the field', ({ text, message }) => {
    expect(() => buildPolicySet(docs(text))).toThrow(new InvalidManifestError(message));
  });
});
