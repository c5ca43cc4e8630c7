/**
 * Which admission plugins would have judged a pod event, read from the event alone.
 *
 * On UPDATE both plugins compare the new pod with the old one, which an audit event does not
 * carry. A `patch` event carries the patch document in `requestObject`, and what the document
 * touches bounds what changed (the request succeeded, so every precondition in it held):
 *
 * - PodSecurityPolicy (kubernetes plugin/pkg/admission/security/podsecuritypolicy/admission.go,
 *   shouldIgnore, 1.21–1.24) lets an UPDATE through unevaluated when
 *   rbac.IsOnlyMutatingGCFields(new, old): the pods are equal once `metadata.ownerReferences`,
 *   `metadata.finalizers`, `metadata.selfLink` and `metadata.managedFields` are copied from the old
 *   one (managedFields since kubernetes#90534) — garbage-collector and controller adoption traffic.
 * - PodSecurity admission (kubernetes/pod-security-admission admission/admission.go, ValidatePod →
 *   isSignificantPodUpdate / isSignificantContainerUpdate) evaluates an UPDATE of `pods` only when
 *   the number of containers or init containers changes, a container's, init container's or
 *   ephemeral container's image changes, an ephemeral container is added, or the
 *   `seccomp.security.alpha.kubernetes.io/pod` or `container.seccomp.security.alpha.kubernetes.io/<name>`
 *   annotation changes (the pod-level key was dropped from the check in later releases; keeping it
 *   only evaluates more).
 *
 * The content type of a patch is not recorded, so the shape decides: an array is a JSON patch
 * (RFC 6902); an object is a JSON merge patch, a strategic merge patch or a server-side apply
 * configuration. Anything the rules below cannot bound — a PUT (`update`: no old pod), an apply
 * configuration (it carries `apiVersion`/`kind` and may drop fields its manager owned), an unknown
 * op or shape — is judged by both plugins, as before.
 */
import { isObject } from './parse-audit-event.ts';
import type { PodEvent } from './select-pod-events.ts';

/** Whether each plugin would have evaluated the pod of this event. */
export interface AdmissionChecks {
  psp: boolean;
  pss: boolean;
}

/** What a patch document can change, as far as the two plugins care. */
export interface PatchScope {
  /** Changes nothing but `metadata.ownerReferences` / `metadata.finalizers` (PSP skips it). */
  onlyGcFields: boolean;
  /** May change an image, the containers, or a seccomp annotation (PSA evaluates it). */
  significantForPss: boolean;
}

/** A document whose effect cannot be bounded: both plugins judge it. */
const UNBOUNDED: PatchScope = { onlyGcFields: false, significantForPss: true };

/**
 * The plugins that judge this event: PSP only plain `pods` writes and PSS those and
 * `pods/ephemeralcontainers`; on a patch that is an UPDATE, each only when the patch document
 * reaches what it compares. A patch answered 201 created the pod (server-side apply): a CREATE.
 */
export function selectAdmissionChecks(podEvent: PodEvent): AdmissionChecks {
  if (podEvent.kind === 'ephemeralcontainers') return { psp: false, pss: true };
  if (podEvent.kind !== 'write') return { psp: false, pss: false };
  const { event } = podEvent;
  if (event.verb !== 'patch' || event.responseStatus?.code === 201) {
    return { psp: true, pss: true };
  }
  if (event.requestObject === undefined) return { psp: true, pss: true }; // Metadata level
  const scope = describePatchScope(event.requestObject);
  return { psp: !scope.onlyGcFields, pss: scope.significantForPss };
}

/** What a pod patch document (JSON patch, merge or strategic merge patch) can change. */
export function describePatchScope(patch: unknown): PatchScope {
  if (Array.isArray(patch)) return describeJsonPatch(patch);
  if (isObject(patch)) return describeMergePatch(patch);
  return UNBOUNDED;
}

// ---- JSON patch (RFC 6902) ----

const JSON_PATCH_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function describeJsonPatch(ops: readonly unknown[]): PatchScope {
  let onlyGcFields = true;
  let significantForPss = false;
  for (const op of ops) {
    if (!isObject(op) || typeof op.op !== 'string' || !JSON_PATCH_OPS.has(op.op)) return UNBOUNDED;
    if (op.op === 'test') continue; // changes nothing; a failed test fails the request
    const targets: unknown[] = op.op === 'move' ? [op.path, op.from] : [op.path];
    for (const target of targets) {
      const segments = typeof target === 'string' ? pointerSegments(target) : null;
      if (segments === null) return UNBOUNDED;
      if (!isGcPath(segments)) onlyGcFields = false;
      if (isSignificantPath(segments)) significantForPss = true;
    }
  }
  return { onlyGcFields, significantForPss };
}

/** The unescaped reference tokens of a JSON pointer (`""` is the whole document), or null. */
function pointerSegments(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `/metadata/ownerReferences…` or `/metadata/finalizers…`. */
function isGcPath(segments: readonly string[]): boolean {
  return segments.length >= 2 && segments[0] === 'metadata' && GC_FIELDS.has(segments[1] ?? '');
}

function isSignificantPath(segments: readonly string[]): boolean {
  const [top, field, key] = segments;
  if (top === undefined) return true; // the whole pod
  if (top === 'spec') return field === undefined || CONTAINER_LISTS.has(field);
  if (top === 'metadata') {
    if (field === undefined) return true;
    if (field !== 'annotations') return false;
    return key === undefined || isSeccompAnnotation(key);
  }
  return false;
}

// ---- JSON merge patch, strategic merge patch ----

const GC_FIELDS = new Set(['ownerReferences', 'finalizers']);
/**
 * Keys a GC-only merge or strategic patch may hold under metadata. `uid` and `resourceVersion`
 * are preconditions (the garbage collector and the controller-ref manager send them): a request
 * whose values differ from the stored pod fails, so on success they change nothing.
 */
const GC_PATCH_METADATA_KEYS = new Set([
  'ownerReferences',
  'finalizers',
  '$setElementOrder/ownerReferences',
  '$setElementOrder/finalizers',
  '$deleteFromPrimitiveList/finalizers',
  'uid',
  'resourceVersion',
]);
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
/** List directives of a strategic merge patch; `$patch` and `$retainKeys` may drop whole keys. */
const LIST_DIRECTIVE = /^\$(setElementOrder|deleteFromPrimitiveList)\//;

function describeMergePatch(patch: Record<string, unknown>): PatchScope {
  const metadata = patch.metadata;
  const onlyGcFields =
    Object.keys(patch).every((key) => key === 'metadata') &&
    (metadata === undefined ||
      (isObject(metadata) &&
        Object.keys(metadata).every((key) => GC_PATCH_METADATA_KEYS.has(key))));
  return { onlyGcFields, significantForPss: isSignificantMergePatch(patch) };
}

function isSignificantMergePatch(patch: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'status') continue; // reset to the stored status on an update of `pods`
    if (key === 'metadata') {
      if (isSignificantMetadataPatch(value)) return true;
    } else if (key === 'spec') {
      if (!isObject(value)) return true;
      for (const field of Object.keys(value)) {
        if (field.startsWith('$') || CONTAINER_LISTS.has(field)) return true;
      }
    } else {
      return true; // apiVersion / kind (an apply configuration), `$patch`, `$retainKeys`, unknown
    }
  }
  return false;
}

function isSignificantMetadataPatch(value: unknown): boolean {
  if (!isObject(value)) return true;
  for (const [key, field] of Object.entries(value)) {
    if (key.startsWith('$') && !LIST_DIRECTIVE.test(key)) return true;
    if (key !== 'annotations') continue;
    if (!isObject(field)) return true; // null drops every annotation
    for (const name of Object.keys(field)) {
      if (name.startsWith('$') || isSeccompAnnotation(name)) return true;
    }
  }
  return false;
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function isSeccompAnnotation(name: string): boolean {
  return name === SECCOMP_POD_ANNOTATION || name.startsWith(SECCOMP_CONTAINER_PREFIX);
}
