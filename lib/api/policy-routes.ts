/**
 * `GET /policies`, `PUT /policies` (manifests, YAML or JSON) and `DELETE /policies/{kind}/{name}`.
 * An import is validated with the manifest loader before anything is stored; the store upserts
 * the objects into a new version.
 */
import { BadRequestError } from '../errors.ts';
import { buildPolicySet } from '../manifests/build-policy-set.ts';
import { type ManifestDocument, parseManifestText } from '../manifests/parse-manifest-text.ts';
import type { PolicyStore } from '../ports.ts';
import { RBAC_KINDS } from '../rbac/parse-rbac.ts';
import { type ApiRoute, ok } from './api-types.ts';
import { parseText, rejectUnknownParameters } from './parse-params.ts';

export const POLICY_OBJECT_KINDS: readonly string[] = ['PodSecurityPolicy', ...RBAC_KINDS];
const NAMESPACED_KINDS: readonly string[] = ['Role', 'RoleBinding'];

export const listPolicies: ApiRoute = async (request, { policies }) => {
  rejectUnknownParameters(request.query, []);
  const summary = await policies.list();
  return ok(summary ?? { version: null, importedAt: null, objects: [] });
};

export const putPolicies: ApiRoute = async (request, { policies }) => {
  rejectUnknownParameters(request.query, []);
  return ok(await importManifestText(policies, request.body ?? '', 'request body'));
};

/**
 * Validates manifests and stores their PodSecurityPolicies and RBAC objects as a new version.
 * Shared by `PUT /policies` and `psp-audit policies import`.
 */
export async function importManifestText(
  policies: Pick<PolicyStore, 'importObjects'>,
  text: string,
  source: string,
) {
  return importManifestDocuments(policies, parseManifestText(text, source));
}

export async function importManifestDocuments(
  policies: Pick<PolicyStore, 'importObjects'>,
  docs: readonly ManifestDocument[],
) {
  const { objects, warnings } = selectPolicyObjects(docs);
  const summary = await policies.importObjects(objects);
  return { ...summary, imported: objects.length, warnings };
}

/**
 * Validates manifests with the loader and keeps the objects a policy set stores (PSPs and RBAC
 * objects); pods and other kinds become warnings. Throws when nothing is left to store.
 */
export function selectPolicyObjects(docs: readonly ManifestDocument[]): {
  objects: Record<string, unknown>[];
  warnings: string[];
} {
  const { warnings, pods } = buildPolicySet(docs);
  const objects = docs
    .map((doc) => doc.object)
    .filter((object) => POLICY_OBJECT_KINDS.includes(String(object.kind)));
  if (objects.length === 0) {
    throw new BadRequestError(
      `the manifests hold no object to store (accepted kinds: ${POLICY_OBJECT_KINDS.join(', ')})`,
    );
  }
  const podWarnings = pods.map(
    ({ source, workload }) =>
      `${source}: ${workload ? workload.kind : 'Pod'} is not a policy object; not stored`,
  );
  return { objects, warnings: [...warnings, ...podWarnings] };
}

export const deletePolicy: ApiRoute = async (request, { policies }) => {
  rejectUnknownParameters(request.query, ['namespace']);
  const kind = resolveKind(request.pathParameters.kind ?? '');
  const name = request.pathParameters.name ?? '';
  if (name.trim() === '') throw new BadRequestError('name must be the name of a stored object');
  const namespace = parseText(request.query, 'namespace');
  if (namespace !== undefined && !NAMESPACED_KINDS.includes(kind)) {
    throw new BadRequestError(
      `namespace is accepted only for namespaced kinds (${NAMESPACED_KINDS.join(', ')}); ${kind} is cluster-scoped`,
    );
  }
  return ok(await policies.remove(kind, name, namespace));
};

/** The kind as written in manifests; matched case-insensitively. */
function resolveKind(text: string): string {
  const kind = POLICY_OBJECT_KINDS.find(
    (candidate) => candidate.toLowerCase() === text.toLowerCase(),
  );
  if (kind === undefined) {
    throw new BadRequestError(
      `kind must be one of ${POLICY_OBJECT_KINDS.join(', ')}, got ${JSON.stringify(text)}`,
    );
  }
  return kind;
}
