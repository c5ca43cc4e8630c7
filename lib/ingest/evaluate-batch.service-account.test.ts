/**
 * The request body of a create is the pod before admission; the ServiceAccount plugin adds the
 * token volume before PSP judges it. The stored pod (responseObject) already carries it.
 */
import { describe, expect, it } from 'vitest';
import { batchOf, findingKeys } from '../../test/helpers/audit-batches.ts';
import { buildAuditEvent, podCreateEvent } from '../audit/sample-events.ts';
import { requestPod, type SamplePodInput, sampleContainer } from '../audit/sample-pods.ts';
import type { PolicySet } from '../policy-set.ts';
import { policy, policySet } from '../psp/test-support.ts';
import { parsePssTarget } from '../pss/evaluate-pss.ts';
import { evaluateBatch } from './evaluate-batch.ts';

const ALICE = { username: 'alice', groups: ['system:authenticated'] };
const CONFIG_ONLY = policySet([policy('config-only', { volumes: ['configMap', 'emptyDir'] })]);
const SECRETS = policySet([policy('secrets', { volumes: ['secret'] })]);

function plainPod(annotations?: Record<string, string>): SamplePodInput {
  return {
    namespace: 'shop',
    name: 'plain',
    ...(annotations === undefined ? {} : { annotations }),
    spec: {
      containers: [sampleContainer({ name: 'app', image: 'registry.example/shop/app:1.0' })],
    },
  };
}

const create = (level: 'Request' | 'RequestResponse', pod: SamplePodInput = plainPod()) =>
  podCreateEvent({ auditID: `c-${level}`, at: 1, user: ALICE, pod, level });

function run(event: object, policies: PolicySet, pss = 'privileged') {
  return evaluateBatch(batchOf([event]), { policySet: policies, pss: parsePssTarget(pss) });
}

const pspReasons = (result: ReturnType<typeof run>) =>
  result.findings.filter((f) => f.type === 'psp-violation').map((f) => f.reasons);

describe('Function: evaluateBatch — the ServiceAccount admission plugin before PSP', () => {
  it('the events differ as Kubernetes writes them: only the stored pod has the token volume', () => {
    const request = create('Request');
    const full = create('RequestResponse');
    expect(request.responseObject).toBeUndefined();
    expect((request.requestObject as { spec: { volumes?: unknown } }).spec.volumes).toBeUndefined();
    expect(
      (full.responseObject as { spec: { volumes: { name: string }[] } }).spec.volumes.map(
        (v) => v.name,
      ),
    ).toEqual(['kube-api-access-b7x2q']);
  });

  it('a Request-level create (request body only) is judged with the emulated token volume', () => {
    const result = run(create('Request'), CONFIG_ONLY);
    expect(findingKeys(result)).toEqual(['c-Request:psp-violation']);
    expect(pspReasons(result)).toEqual([
      [
        {
          policy: 'config-only',
          field: 'spec.volumes[0]',
          message:
            'projected volumes are not allowed to be used (volume "kube-api-access-emulated")',
        },
      ],
    ]);
    expect(result.findings[0]?.summary).toBe(
      'No PodSecurityPolicy admits pod shop/plain (create by alice): spec.volumes[0]: projected volumes are not allowed to be used (volume "kube-api-access-emulated")',
    );
    // The finding still describes the pod as logged.
    expect(result.findings[0]?.serviceAccount).toBe('default');
  });

  it('a RequestResponse create is judged on the stored pod and its real token volume', () => {
    const result = run(create('RequestResponse'), CONFIG_ONLY);
    expect(findingKeys(result)).toEqual(['c-RequestResponse:psp-violation']);
    expect(pspReasons(result)).toEqual([
      [
        {
          policy: 'config-only',
          field: 'spec.volumes[0]',
          message: 'projected volumes are not allowed to be used (volume "kube-api-access-b7x2q")',
        },
      ],
    ]);
  });

  it('a policy listing secret admits the token volume in both forms (the projected-token exception)', () => {
    expect(run(create('Request'), SECRETS).findings).toEqual([]);
    expect(run(create('RequestResponse'), SECRETS).findings).toEqual([]);
  });

  it('PSS judges the same pod and finds the same in both forms (every level allows the token)', () => {
    const request = run(create('Request'), SECRETS, 'restricted@v1.24').findings;
    const full = run(create('RequestResponse'), SECRETS, 'restricted@v1.24').findings;
    expect(request.map((f) => f.type)).toEqual(['pss-violation']);
    expect(request.map((f) => f.reasons)).toEqual(full.map((f) => f.reasons));
    expect(request[0]?.reasons.map((r) => r.check)).not.toContain('restrictedVolumes');
  });

  it('a mirror pod is not given a token volume', () => {
    const mirror = create('Request', plainPod({ 'kubernetes.io/config.mirror': 'a1b2c3' }));
    expect(run(mirror, CONFIG_ONLY).findings).toEqual([]);
  });

  it('a pod with automountServiceAccountToken: false is not given a token volume', () => {
    const pod = plainPod();
    pod.spec.automountServiceAccountToken = false;
    expect(run(create('Request', pod), CONFIG_ONLY).findings).toEqual([]);
  });

  it('the request body of an update is judged as written (the plugin acts on create only)', () => {
    const update = buildAuditEvent({
      auditID: 'u-1',
      level: 'Request',
      requestURI: '/api/v1/namespaces/shop/pods/plain',
      verb: 'update',
      user: ALICE,
      objectRef: { resource: 'pods', namespace: 'shop', name: 'plain', apiVersion: 'v1' },
      requestObject: requestPod(plainPod()),
      at: 1,
    });
    const result = run(update, CONFIG_ONLY);
    expect(result.counts).toMatchObject({ evaluated: 1, unevaluated: 0 });
    expect(result.findings).toEqual([]);
  });
});
