/**
 * Falco's k8s audit trace files (../shared/conformance/falco-k8saudit) through evaluateBatch, one
 * batch per file, each line a record. What psp-audit should report for each file is the
 * README's table "Falco rule → what psp-audit should report"; every file must have an entry
 * here, so a new fixture cannot pass unexamined.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type BatchResult, evaluateBatch } from '../../lib/ingest/evaluate-batch.ts';
import type { PolicySet } from '../../lib/policy-set.ts';
import type { PssTarget } from '../../lib/pss/evaluate-pss.ts';
import { batchOf, linesOf } from '../helpers/audit-batches.ts';
import {
  noPolicies,
  privilegedPolicies,
  pss,
  restrictivePolicies,
} from '../helpers/audit-policies.ts';

// shared/ sits beside the repository root, wherever the repository is cloned.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = join(repoRoot, '..', 'shared', 'conformance', 'falco-k8saudit');

interface IndexEntry {
  file: string;
  events: number;
}

const RESTRICTED_ONLY = [
  'allowPrivilegeEscalation',
  'capabilities_restricted',
  'runAsNonRoot',
  'seccompProfile_restricted',
];

interface PodExpectation {
  /** Field paths the eks.restrictive denial must name; null: admitted. */
  psp: string[] | null;
  /** PSP field paths that must not appear (the other, unprivileged container; hostPort). */
  pspNot?: string[];
  /** Failing PSS baseline checks and the fields named; null: passes baseline. */
  baseline: { checks: string[]; fields: string[] } | null;
  /** Failing restricted checks, when the README states them. */
  restricted?: string[];
  alert?: { path: string; volume: string; mountPath: string; container: string };
}

interface Expectation {
  pod?: PodExpectation;
  session?: { kind: 'exec' | 'attach'; command: string[] };
  malformed?: number;
}

const PRIVILEGED_2ND = {
  psp: ['spec.containers[1].securityContext.privileged'],
  pspNot: ['spec.containers[0].securityContext.privileged'],
  baseline: { checks: ['privileged'], fields: ['spec.containers[1].securityContext.privileged'] },
};
const PLAIN = { psp: null, baseline: null, restricted: RESTRICTED_ONLY };

const EXPECTED: Record<string, Expectation> = {
  'create_nginx_pod_privileged.json': {
    pod: {
      psp: ['spec.containers[0].securityContext.privileged'],
      baseline: {
        checks: ['privileged'],
        fields: ['spec.containers[0].securityContext.privileged'],
      },
    },
  },
  'create_nginx_pod_privileged_2nd_container.json': { pod: PRIVILEGED_2ND },
  'create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json': { pod: PRIVILEGED_2ND },
  'create_nginx_pod_hostnetwork.json': {
    pod: {
      psp: ['spec.securityContext.hostNetwork'],
      pspNot: ['spec.containers[0].hostPort'],
      baseline: { checks: ['hostNamespaces'], fields: ['spec.hostNetwork'] },
    },
  },
  'create_nginx_pod_nohostnetwork.json': { pod: PLAIN },
  'create_nginx_pod_unprivileged.json': { pod: PLAIN },
  'create_pod_kube_system_namespace.json': { pod: PLAIN },
  'create_pod_kube_public_namespace.json': { pod: PLAIN },
  'create_nginx_pod_sensitive_mount.json': {
    pod: {
      psp: ['spec.volumes[0]'],
      baseline: { checks: ['hostPathVolumes'], fields: ['spec.volumes[0].hostPath'] },
      alert: { path: '/etc', volume: 'etc', mountPath: '/host/etc', container: 'nginx' },
    },
  },
  'create_nginx_pod_sensitive_mount_2nd_container.json': {
    pod: {
      psp: ['spec.volumes[0]'],
      baseline: { checks: ['hostPathVolumes'], fields: ['spec.volumes[0].hostPath'] },
      alert: { path: '/etc', volume: 'etc', mountPath: '/host/etc', container: 'mysql' },
    },
  },
  'exec_pod.json': { session: { kind: 'exec', command: ['bash'] } },
  'attach_pod.json': { session: { kind: 'attach', command: [] } },
  'create_nginx_pod_unsensitive_mount.json': {},
  'create_deployment.json': {},
  'create_service.json': {},
  'create_secret.json': {},
  'create_configmap_sensitive_values.json': {},
  'create_cluster_role_pod_exec.json': {},
  'anonymous_creates_namespace_foo.json': {},
  'fal_01_003.json': { malformed: 1 },
};

const RESTRICTIVE = restrictivePolicies();
const PRIVILEGED = privilegedPolicies();
const NONE = noPolicies();

const index = JSON.parse(readFileSync(join(corpus, 'index.json'), 'utf8')) as IndexEntry[];
const files = readdirSync(corpus)
  .filter((name) => name.endsWith('.json') && name !== 'index.json')
  .sort();

function run(file: string, policySet: PolicySet, target: PssTarget): BatchResult {
  const lines = linesOf(readFileSync(join(corpus, file), 'utf8'));
  return evaluateBatch(batchOf(lines, { cluster: 'minikube', prefix: file }), {
    policySet,
    pss: target,
  });
}

function eventOf(file: string): Record<string, unknown> {
  return JSON.parse(linesOf(readFileSync(join(corpus, file), 'utf8'))[0] as string);
}

describe('Falco k8saudit corpus', () => {
  it('has an expectation for every file, and index.json lists every file', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    expect(index.map((entry) => entry.file).sort()).toEqual(files);
  });

  it.each(index)('$file: reads $events audit events, never throws', ({ file, events }) => {
    // Prepare
    const expected = EXPECTED[file] as Expectation;
    // Act
    const result = run(file, RESTRICTIVE, pss('baseline'));
    // Assess
    expect(result.counts.events).toBe(events);
    expect(result.counts.malformed).toBe(expected.malformed ?? 0);
    expect(result.rejected).toHaveLength(expected.malformed ?? 0);
  });

  const podFiles = files.filter((file) => EXPECTED[file]?.pod !== undefined);
  const quietFiles = files.filter((file) => {
    const expected = EXPECTED[file] as Expectation;
    return expected.pod === undefined && expected.session === undefined;
  });

  describe.each(podFiles)('%s', (file) => {
    const expected = (EXPECTED[file] as Expectation).pod as PodExpectation;
    const event = eventOf(file);
    const stored = event.responseObject as { metadata: { name: string } };

    it('is evaluated once, as a pod create', () => {
      const result = run(file, RESTRICTIVE, pss('baseline'));
      expect(result.counts).toMatchObject({
        podEvents: 1,
        evaluated: 1,
        unevaluated: 0,
        skipped: 0,
      });
    });

    it('gets the eks.restrictive verdict', () => {
      const result = run(file, RESTRICTIVE, pss('privileged'));
      const psp = result.findings.filter((finding) => finding.type === 'psp-violation');
      if (expected.psp === null) {
        expect(psp).toEqual([]);
        return;
      }
      expect(psp).toHaveLength(1);
      const fields = psp[0]?.reasons.map((reason) => reason.field) ?? [];
      expect(fields).toEqual(expect.arrayContaining(expected.psp));
      for (const field of expected.pspNot ?? []) expect(fields).not.toContain(field);
      expect(psp[0]?.reasons.every((reason) => reason.policy === 'eks.restrictive')).toBe(true);
    });

    it('gets the PSS baseline verdict', () => {
      const result = run(file, NONE, pss('baseline@latest'));
      const found = result.findings.filter((finding) => finding.type === 'pss-violation');
      if (expected.baseline === null) {
        expect(found).toEqual([]);
        return;
      }
      expect(found).toHaveLength(1);
      expect(found[0]?.reasons.map((reason) => reason.check)).toEqual(expected.baseline.checks);
      expect(found[0]?.details?.fields).toEqual({
        [expected.baseline.checks[0] as string]: expected.baseline.fields,
      });
    });

    it('raises nothing against PSS privileged and a permissive policy, except the mount alert', () => {
      const result = run(file, PRIVILEGED, pss('privileged'));
      expect(result.findings.map((finding) => finding.type)).toEqual(
        expected.alert === undefined ? [] : ['sensitive-file'],
      );
    });

    it(
      expected.alert === undefined
        ? 'raises no sensitive-file alert'
        : 'raises one sensitive-file alert naming the hostPath, volume, mount and container',
      () => {
        const result = run(file, NONE, pss('privileged'));
        if (expected.alert === undefined) {
          expect(result.alerts).toEqual([]);
          return;
        }
        expect(result.alerts).toHaveLength(1);
        const finding = result.alerts[0]?.finding;
        expect(finding?.type).toBe('sensitive-file');
        expect(finding?.details).toMatchObject({
          activity: 'hostPath',
          mounts: [
            {
              volume: expected.alert.volume,
              path: expected.alert.path,
              mounts: [
                expect.objectContaining({
                  container: expected.alert.container,
                  mountPath: expected.alert.mountPath,
                }),
              ],
            },
          ],
        });
      },
    );

    it('fills every finding field from the event', () => {
      const result = run(file, RESTRICTIVE, pss('restricted@latest'));
      expect(result.findings.length).toBeGreaterThan(0);
      for (const finding of result.findings) {
        expect(finding).toMatchObject({
          id: `${event.auditID}:${finding.type}`,
          cluster: 'minikube',
          namespace: (event.objectRef as { namespace: string }).namespace,
          pod: stored.metadata.name,
          workload: expect.stringMatching(/^ReplicaSet\/nginx-deployment-/),
          user: 'system:serviceaccount:kube-system:replicaset-controller',
          serviceAccount: 'default',
          admittedBy: null,
          action: 'create',
          time: event.requestReceivedTimestamp,
          auditID: event.auditID,
          policySetVersion: 'v-test',
        });
        expect(finding.summary).not.toBe('');
      }
    });
  });

  const plainFiles = podFiles.filter((file) => EXPECTED[file]?.pod?.restricted !== undefined);
  it.each(plainFiles)(
    '%s: fails exactly the restricted-only checks under PSS restricted',
    (file) => {
      const result = run(file, NONE, pss('restricted@latest'));
      const found = result.findings.filter((finding) => finding.type === 'pss-violation');
      expect(found.map((finding) => finding.reasons.map((reason) => reason.check))).toEqual([
        EXPECTED[file]?.pod?.restricted,
      ]);
    },
  );

  describe.each(['exec_pod.json', 'attach_pod.json'])('%s', (file) => {
    const expected = (EXPECTED[file] as Expectation).session as NonNullable<Expectation['session']>;

    it('is exec/attach activity from the ResponseStarted event alone, with no finding', () => {
      const result = run(file, RESTRICTIVE, pss('restricted'));
      expect(result.findings).toEqual([]);
      expect(result.alerts).toEqual([]);
      expect(result.sessions).toEqual([
        {
          kind: expected.kind,
          auditID: eventOf(file).auditID,
          cluster: 'minikube',
          namespace: 'default',
          pod: 'nginx-deployment-7998647bdf-phvq7',
          container: 'nginx1',
          user: 'minikube-user',
          time: eventOf(file).requestReceivedTimestamp,
          command: expected.command,
          transport: 'spdy',
          copy: null,
          sensitive: false,
        },
      ]);
    });
  });

  it.each(quietFiles)('%s: no pod verdict, no alert, no activity', (file) => {
    const result = run(file, RESTRICTIVE, pss('restricted'));
    expect(result.findings).toEqual([]);
    expect(result.alerts).toEqual([]);
    expect(result.sessions).toEqual([]);
    expect(result.counts.podEvents).toBe(0);
  });

  it('rejects fal_01_003.json ({"kind": 0}) with a reason and its position', () => {
    const result = run('fal_01_003.json', NONE, pss('baseline'));
    expect(result.rejected).toEqual([
      {
        recordId: 'fal_01_003.json#0',
        index: 0,
        auditID: null,
        reason: 'not an audit Event: kind must be "Event", got 0',
      },
    ]);
  });
});
