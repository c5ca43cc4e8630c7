import { describe, expect, it } from 'vitest';
import type { AuditEvent } from './parse-audit-event.ts';
import { describePatchScope, selectAdmissionChecks } from './patch-scope.ts';
import type { PodEvent } from './select-pod-events.ts';

const GC_ONLY = { onlyGcFields: true, significantForPss: false };
const NEITHER = { onlyGcFields: false, significantForPss: false };
const SIGNIFICANT = { onlyGcFields: false, significantForPss: true };

describe('Function: describePatchScope', () => {
  it.each([
    // merge / strategic
    ['{}', {}, GC_ONLY],
    ['empty metadata', { metadata: {} }, GC_ONLY],
    ['ownerReferences null', { metadata: { ownerReferences: null } }, GC_ONLY],
    [
      'uid and resourceVersion preconditions',
      { metadata: { uid: 'u', resourceVersion: '1' } },
      GC_ONLY,
    ],
    [
      '$setElementOrder/ownerReferences',
      { metadata: { '$setElementOrder/ownerReferences': [] } },
      GC_ONLY,
    ],
    ['metadata null', { metadata: null }, SIGNIFICANT],
    ['$patch under metadata', { metadata: { $patch: 'replace' } }, SIGNIFICANT],
    ['$patch at the top', { $patch: 'replace' }, SIGNIFICANT],
    ['status only (reset on update)', { status: { phase: 'Failed' } }, NEITHER],
    ['generateName', { metadata: { generateName: 'x-' } }, NEITHER],
    ['managedFields', { metadata: { managedFields: [] } }, NEITHER],
    ['$retainKeys under spec', { spec: { $retainKeys: [] } }, SIGNIFICANT],
    ['spec null', { spec: null }, SIGNIFICANT],
    ['initContainers', { spec: { initContainers: [] } }, SIGNIFICANT],
    ['ephemeralContainers', { spec: { ephemeralContainers: [] } }, SIGNIFICANT],
    ['annotation directive', { metadata: { annotations: { $patch: 'replace' } } }, SIGNIFICANT],
    ['annotations not an object', { metadata: { annotations: 'x' } }, SIGNIFICANT],
    [
      'apparmor annotation',
      { metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'x' } } },
      NEITHER,
    ],
    ['kind only', { kind: 'Pod' }, SIGNIFICANT],
    // JSON patch
    ['[]', [], GC_ONLY],
    ['test only', [{ op: 'test', path: '/spec/containers/0/image', value: 'x' }], GC_ONLY],
    ['finalizer by index', [{ op: 'remove', path: '/metadata/finalizers/0' }], GC_ONLY],
    [
      'finalizersX is not finalizers',
      [{ op: 'add', path: '/metadata/finalizersX', value: 1 }],
      NEITHER,
    ],
    ['whole metadata', [{ op: 'replace', path: '/metadata', value: {} }], SIGNIFICANT],
    [
      'whole annotations',
      [{ op: 'replace', path: '/metadata/annotations', value: {} }],
      SIGNIFICANT,
    ],
    ['whole spec', [{ op: 'replace', path: '/spec', value: {} }], SIGNIFICANT],
    ['whole document', [{ op: 'replace', path: '', value: {} }], SIGNIFICANT],
    ['containers list', [{ op: 'add', path: '/spec/containers/-', value: {} }], SIGNIFICANT],
    ['tolerations', [{ op: 'add', path: '/spec/tolerations/-', value: {} }], NEITHER],
    [
      'pod seccomp key',
      [{ op: 'remove', path: '/metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod' }],
      SIGNIFICANT,
    ],
    ['~0 unescapes to ~', [{ op: 'add', path: '/metadata/annotations/a~0b', value: 'x' }], NEITHER],
    [
      'move out of containers',
      [{ op: 'move', from: '/spec/containers/0/image', path: '/metadata/labels/x' }],
      SIGNIFICANT,
    ],
    [
      'move between finalizers',
      [{ op: 'move', from: '/metadata/finalizers/0', path: '/metadata/finalizers/1' }],
      GC_ONLY,
    ],
    [
      'copy from containers into finalizers',
      [{ op: 'copy', from: '/spec/containers/0/name', path: '/metadata/finalizers/-' }],
      GC_ONLY,
    ],
    ['move without from', [{ op: 'move', path: '/metadata/finalizers/0' }], SIGNIFICANT],
    ['path not a pointer', [{ op: 'add', path: 'metadata/finalizers', value: [] }], SIGNIFICANT],
    ['path not a string', [{ op: 'add', path: 3, value: [] }], SIGNIFICANT],
    ['op not an object', ['add'], SIGNIFICANT],
    // neither
    ['null', null, SIGNIFICANT],
    ['a number', 7, SIGNIFICANT],
  ])('%s', (_name, patch, expected) => {
    expect(describePatchScope(patch)).toEqual(expected);
  });
});

function podEvent(kind: PodEvent['kind'], event: Partial<AuditEvent>): PodEvent {
  return {
    kind,
    action: event.verb ?? 'patch',
    event: {
      kind: 'Event',
      auditID: 'a',
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/n/pods/p',
      verb: 'patch',
      user: {},
      requestReceivedTimestamp: '2026-11-26T09:00:00Z',
      annotations: {},
      ...event,
    },
  };
}

describe('Function: selectAdmissionChecks', () => {
  const labels = { metadata: { labels: { a: 'b' } } };
  it.each([
    ['create', podEvent('write', { verb: 'create', requestObject: {} }), { psp: true, pss: true }],
    [
      'update (PUT)',
      podEvent('write', { verb: 'update', requestObject: {} }),
      { psp: true, pss: true },
    ],
    ['patch {}', podEvent('write', { requestObject: {} }), { psp: false, pss: false }],
    ['patch of labels', podEvent('write', { requestObject: labels }), { psp: true, pss: false }],
    [
      'apply that created the pod',
      podEvent('write', { requestObject: {}, responseStatus: { code: 201 } }),
      { psp: true, pss: true },
    ],
    ['patch with no body (Metadata level)', podEvent('write', {}), { psp: true, pss: true }],
    [
      'ephemeral containers',
      podEvent('ephemeralcontainers', { requestObject: {} }),
      { psp: false, pss: true },
    ],
    ['exec', podEvent('exec', { verb: 'create' }), { psp: false, pss: false }],
  ])('%s', (_name, event, expected) => {
    expect(selectAdmissionChecks(event)).toEqual(expected);
  });
});
