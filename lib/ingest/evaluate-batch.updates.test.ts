/**
 * Pod updates are judged exactly when the admission plugins would have judged them: PSP skips an
 * update of only ownerReferences / finalizers, PSS (PodSecurity admission) one that changes no
 * image, container count or seccomp annotation. The events are real-shaped patches of a stored
 * DaemonSet pod that violates both eks.restrictive and PSS restricted, so every evaluation that
 * happens shows as a finding.
 */
import { describe, expect, it } from 'vitest';
import { batchOf, findingKeys } from '../../test/helpers/audit-batches.ts';
import { noPolicies, pss, restrictivePolicies } from '../../test/helpers/audit-policies.ts';
import {
  buildAuditEvent,
  logShipperPod,
  type PodPatchInput,
  podCreateEvent,
  podPatchEvent,
  type SampleUser,
} from '../audit/sample-events.ts';
import type { Pod } from '../k8s.ts';
import type { PolicySet } from '../policy-set.ts';
import { type BatchResult, evaluateBatch } from './evaluate-batch.ts';

const RESTRICTIVE = restrictivePolicies();
const RESTRICTED = pss('restricted@v1.24');
const ALICE: SampleUser = { username: 'alice', groups: ['system:authenticated'] };
const GC: SampleUser = {
  username: 'system:serviceaccount:kube-system:generic-garbage-collector',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
};
const JOB_CONTROLLER: SampleUser = {
  username: 'system:serviceaccount:kube-system:job-controller',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
};
const CREATE = podCreateEvent({
  auditID: 'c-1',
  at: 1,
  user: GC,
  pod: logShipperPod(),
  suffix: 'h2k9d',
});
const STORED = CREATE.responseObject as Pod;
const POD_UID = STORED.metadata?.uid ?? '';
const OWNER_UID = STORED.metadata?.ownerReferences?.[0]?.uid ?? '';
const NEW_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.3';
const SECCOMP_KEY = 'container.seccomp.security.alpha.kubernetes.io/fluent-bit';

const metadataOf = (pod: Pod) => pod.metadata as NonNullable<Pod['metadata']>;
const containerOf = (pod: Pod) => (pod.spec?.containers ?? [])[0] as { image?: string };
const setImage = (pod: Pod) => {
  containerOf(pod).image = NEW_IMAGE;
};
const setSeccomp = (pod: Pod) => {
  metadataOf(pod).annotations = { ...metadataOf(pod).annotations, [SECCOMP_KEY]: 'unconfined' };
};
const dropOwners = (pod: Pod) => {
  metadataOf(pod).ownerReferences = [];
};
const addFinalizer = (pod: Pod) => {
  metadataOf(pod).finalizers = ['example.com/cleanup'];
};
const addLabel = (pod: Pod) => {
  metadataOf(pod).labels = { ...metadataOf(pod).labels, canary: 'true' };
};

function patch(
  input: Partial<PodPatchInput> & Pick<PodPatchInput, 'patch'>,
): Record<string, unknown> {
  return podPatchEvent({ auditID: 'p-1', at: 5, user: ALICE, create: CREATE, ...input });
}

function run(event: object, policySet: PolicySet = RESTRICTIVE): BatchResult {
  return evaluateBatch(batchOf([event]), { policySet, pss: RESTRICTED });
}

type Judged = 'both' | 'psp' | 'pss' | 'none';

const FINDINGS: Record<Judged, string[]> = {
  both: ['p-1:psp-violation', 'p-1:pss-violation'],
  psp: ['p-1:psp-violation'],
  pss: ['p-1:pss-violation'],
  none: [],
};

interface Row {
  name: string;
  doc: unknown;
  change?: (pod: Pod) => void;
  user?: SampleUser;
  judged: Judged;
}

const ROWS: Row[] = [
  // JSON merge / strategic merge patches
  { name: 'empty merge patch {}', doc: {}, judged: 'none' },
  {
    name: 'label only (kubectl label)',
    doc: { metadata: { labels: { canary: 'true' } } },
    change: addLabel,
    judged: 'psp',
  },
  {
    name: 'annotation only, not seccomp (kubectl annotate)',
    doc: { metadata: { annotations: { 'example.com/owner': 'team-a' } } },
    change: (pod) => {
      metadataOf(pod).annotations = { ...metadataOf(pod).annotations, 'example.com/owner': 'a' };
    },
    judged: 'psp',
  },
  {
    name: 'ownerReferences only: garbage collector strategic delete with uid precondition',
    doc: { metadata: { ownerReferences: [{ $patch: 'delete', uid: OWNER_UID }], uid: POD_UID } },
    change: dropOwners,
    user: GC,
    judged: 'none',
  },
  {
    name: 'ownerReferences only: garbage collector JSON merge patch with resourceVersion',
    doc: { metadata: { resourceVersion: '48211010', ownerReferences: [] } },
    change: dropOwners,
    user: GC,
    judged: 'none',
  },
  {
    name: 'finalizers only: $deleteFromPrimitiveList (job controller)',
    doc: {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['batch.kubernetes.io/job-tracking'] },
    },
    user: JOB_CONTROLLER,
    judged: 'none',
  },
  {
    name: 'finalizers only: $setElementOrder with the list',
    doc: {
      metadata: {
        '$setElementOrder/finalizers': ['example.com/cleanup'],
        finalizers: ['example.com/cleanup'],
      },
    },
    change: addFinalizer,
    judged: 'none',
  },
  {
    name: 'ownerReferences and finalizers together',
    doc: { metadata: { ownerReferences: null, finalizers: ['example.com/cleanup'] } },
    change: (pod) => {
      dropOwners(pod);
      addFinalizer(pod);
    },
    judged: 'none',
  },
  {
    name: 'strategic image change (kubectl set image)',
    doc: {
      spec: {
        '$setElementOrder/containers': [{ name: 'fluent-bit' }],
        containers: [{ name: 'fluent-bit', image: NEW_IMAGE }],
      },
    },
    change: setImage,
    judged: 'both',
  },
  {
    name: 'container seccomp annotation change',
    doc: { metadata: { annotations: { [SECCOMP_KEY]: 'unconfined' } } },
    change: setSeccomp,
    judged: 'both',
  },
  {
    name: 'pod seccomp annotation change',
    doc: {
      metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
    },
    judged: 'both',
  },
  {
    name: 'every annotation removed (may drop a seccomp annotation)',
    doc: { metadata: { annotations: null } },
    judged: 'both',
  },
  {
    name: 'mixed: ownerReferences and a label',
    doc: { metadata: { ownerReferences: [], labels: { canary: 'true' } } },
    change: (pod) => {
      dropOwners(pod);
      addLabel(pod);
    },
    judged: 'psp',
  },
  {
    name: 'mixed: finalizers and an image',
    doc: {
      metadata: { finalizers: ['example.com/cleanup'] },
      spec: { containers: [{ name: 'fluent-bit', image: NEW_IMAGE }] },
    },
    change: (pod) => {
      addFinalizer(pod);
      setImage(pod);
    },
    judged: 'both',
  },
  {
    name: 'activeDeadlineSeconds and a toleration (mutable spec, no container)',
    doc: {
      spec: {
        activeDeadlineSeconds: 600,
        tolerations: [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }],
      },
    },
    judged: 'psp',
  },
  {
    name: '$retainKeys under metadata (may clear labels and annotations)',
    doc: { metadata: { $retainKeys: ['finalizers'], finalizers: [] } },
    judged: 'both',
  },
  // JSON patches (RFC 6902)
  { name: 'empty JSON patch []', doc: [], judged: 'none' },
  {
    name: 'JSON patch: remove an ownerReference',
    doc: [{ op: 'remove', path: '/metadata/ownerReferences/0' }],
    change: dropOwners,
    user: GC,
    judged: 'none',
  },
  {
    name: 'JSON patch: test resourceVersion, add a finalizer',
    doc: [
      { op: 'test', path: '/metadata/resourceVersion', value: '48211010' },
      { op: 'add', path: '/metadata/finalizers', value: ['example.com/cleanup'] },
    ],
    change: addFinalizer,
    judged: 'none',
  },
  {
    name: 'JSON patch: add a label',
    doc: [{ op: 'add', path: '/metadata/labels/canary', value: 'true' }],
    change: addLabel,
    judged: 'psp',
  },
  {
    name: 'JSON patch: replace the image',
    doc: [{ op: 'replace', path: '/spec/containers/0/image', value: NEW_IMAGE }],
    change: setImage,
    judged: 'both',
  },
  {
    name: 'JSON patch: seccomp annotation (escaped pointer)',
    doc: [
      {
        op: 'add',
        path: '/metadata/annotations/container.seccomp.security.alpha.kubernetes.io~1fluent-bit',
        value: 'unconfined',
      },
    ],
    change: setSeccomp,
    judged: 'both',
  },
  {
    name: 'JSON patch: finalizer and image',
    doc: [
      { op: 'add', path: '/metadata/finalizers', value: ['example.com/cleanup'] },
      { op: 'replace', path: '/spec/containers/0/image', value: NEW_IMAGE },
    ],
    change: (pod) => {
      addFinalizer(pod);
      setImage(pod);
    },
    judged: 'both',
  },
  {
    name: 'JSON patch with an op that is not RFC 6902',
    doc: [{ op: 'merge', path: '/metadata/finalizers', value: [] }],
    judged: 'both',
  },
  // Server-side apply and unknown shapes
  {
    name: 'server-side apply of labels (may drop fields its manager owned)',
    doc: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'fluent-bit-h2k9d', namespace: 'logging', labels: { canary: 'true' } },
    },
    change: addLabel,
    judged: 'both',
  },
  {
    name: 'server-side apply carrying the whole pod',
    doc: { ...STORED, metadata: { name: 'fluent-bit-h2k9d', namespace: 'logging' } },
    judged: 'both',
  },
  { name: 'a patch document that is a string', doc: 'metadata', judged: 'both' },
];

describe('Function: evaluateBatch — pod patches, judged as admission would', () => {
  it.each(ROWS)('$name → judged by $judged', (row) => {
    // Act
    const result = run(
      patch({ patch: row.doc, change: row.change, ...(row.user ? { user: row.user } : {}) }),
    );
    // Assess
    expect(findingKeys(result)).toEqual(FINDINGS[row.judged]);
    const skippedWhole = row.judged === 'none';
    expect(result.counts).toMatchObject({
      podEvents: 1,
      evaluated: skippedWhole ? 0 : 1,
      unevaluated: 0,
      skipped: skippedWhole ? 1 : 0,
    });
    expect(result.skippedBy['insignificant-update']).toBe(skippedWhole ? 1 : 0);
    expect(result.skippedChecks).toEqual({
      'psp-insignificant-update': row.judged === 'both' || row.judged === 'psp' ? 0 : 1,
      'pss-insignificant-update': row.judged === 'both' || row.judged === 'pss' ? 0 : 1,
    });
  });

  it('judges a PSP-only update as an update, without mutation', () => {
    const result = run(patch({ patch: { metadata: { labels: { canary: 'true' } } } }));
    expect(result.findings[0]?.details).toMatchObject({ operation: 'update' });
  });

  it('with no policies imported, skips a patch PSS would not judge as a whole', () => {
    const result = run(
      patch({ patch: { metadata: { labels: { canary: 'true' } } } }),
      noPolicies(),
    );
    expect(result.findings).toEqual([]);
    expect(result.counts).toMatchObject({ evaluated: 0, skipped: 1 });
    expect(result.skippedBy['insignificant-update']).toBe(1);
    expect(result.skippedChecks).toEqual({
      'psp-insignificant-update': 0,
      'pss-insignificant-update': 1,
    });
  });

  it('with no policies imported, still judges an image change against PSS', () => {
    const doc = [{ op: 'replace', path: '/spec/containers/0/image', value: NEW_IMAGE }];
    const result = run(patch({ patch: doc, change: setImage }), noPolicies());
    expect(findingKeys(result)).toEqual(['p-1:pss-violation']);
  });
});

describe('Function: evaluateBatch — updates whose change cannot be bounded', () => {
  it('judges a PUT (update) with both plugins: the old pod is not in the event', () => {
    const stored = structuredClone(STORED);
    addLabel(stored);
    const put = buildAuditEvent({
      auditID: 'u-1',
      level: 'RequestResponse',
      requestURI: '/api/v1/namespaces/logging/pods/fluent-bit-h2k9d',
      verb: 'update',
      user: ALICE,
      objectRef: { resource: 'pods', namespace: 'logging', name: 'fluent-bit-h2k9d' },
      requestObject: stored,
      responseObject: stored,
      at: 5,
    });
    const result = run(put);
    expect(findingKeys(result)).toEqual(['u-1:psp-violation', 'u-1:pss-violation']);
    expect(result.skippedChecks).toEqual({
      'psp-insignificant-update': 0,
      'pss-insignificant-update': 0,
    });
  });

  it('judges a server-side apply that created the pod (201) as a create', () => {
    const apply = { ...patch({ patch: {} }), responseStatus: { metadata: {}, code: 201 } };
    const result = run(apply);
    expect(findingKeys(result)).toEqual(['p-1:psp-violation', 'p-1:pss-violation']);
    expect(result.findings[0]?.details).toMatchObject({ operation: 'create' });
  });

  it('records a Metadata-level patch as unevaluated: nothing tells what it changed', () => {
    const result = run(patch({ patch: {}, level: 'Metadata' }));
    expect(findingKeys(result)).toEqual(['p-1:unevaluated']);
    expect(result.counts).toMatchObject({ unevaluated: 1, skipped: 0 });
  });
});

describe('Function: evaluateBatch — Request-level patches (no stored pod in the event)', () => {
  it('skips a garbage-collector patch without an unevaluated finding', () => {
    const doc = { metadata: { ownerReferences: [{ $patch: 'delete', uid: OWNER_UID }] } };
    const result = run(patch({ patch: doc, user: GC, level: 'Request' }));
    expect(result.findings).toEqual([]);
    expect(result.counts).toMatchObject({ unevaluated: 0, skipped: 1 });
    expect(result.skippedBy['insignificant-update']).toBe(1);
  });

  it('records a label patch as unevaluated: PSP would have judged it, on a pod not logged', () => {
    const result = run(patch({ patch: { metadata: { labels: { a: 'b' } } }, level: 'Request' }));
    expect(findingKeys(result)).toEqual(['p-1:unevaluated']);
    expect(result.skippedChecks['pss-insignificant-update']).toBe(1);
  });
});

describe('Function: evaluateBatch — pods/ephemeralcontainers', () => {
  it('judges a debug container with PSS only, even when the patch document touches no container', () => {
    const stored = structuredClone(STORED);
    (stored.spec as { ephemeralContainers?: unknown[] }).ephemeralContainers = [
      { name: 'debugger', image: 'busybox:1.36', securityContext: { privileged: true } },
    ];
    const debug = buildAuditEvent({
      auditID: 'e-1',
      level: 'RequestResponse',
      requestURI: '/api/v1/namespaces/logging/pods/fluent-bit-h2k9d/ephemeralcontainers',
      verb: 'patch',
      user: ALICE,
      objectRef: {
        resource: 'pods',
        namespace: 'logging',
        name: 'fluent-bit-h2k9d',
        subresource: 'ephemeralcontainers',
      },
      requestObject: { metadata: { labels: { canary: 'true' } } },
      responseObject: stored,
      at: 5,
    });
    const result = run(debug);
    // PSS and the privileged-debug-container alert, as before; never PSP.
    expect(findingKeys(result)).toEqual(['e-1:pss-violation', 'e-1:sensitive-file']);
    expect(result.skippedChecks).toEqual({
      'psp-insignificant-update': 0,
      'pss-insignificant-update': 0,
    });
  });
});
