/**
 * Policy sets and PSS targets for the ingest tests: the sample policies of lib/psp/samples read
 * through the real manifest loader, an empty set, and a permissive one.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildPolicySet } from '../../lib/manifests/build-policy-set.ts';
import { parseManifestText } from '../../lib/manifests/parse-manifest-text.ts';
import type { PolicySet } from '../../lib/policy-set.ts';
import { type PssTarget, parsePssTarget } from '../../lib/pss/evaluate-pss.ts';

const SAMPLES = fileURLToPath(new URL('../../lib/psp/samples/', import.meta.url));

/** A policy set from sample files (`eks-restrictive.yaml`, `eks-privileged.yaml`). */
export function samplePolicySet(
  files: readonly string[],
  version: string | null = 'v-test',
): PolicySet {
  const docs = files.flatMap((file) =>
    parseManifestText(readFileSync(`${SAMPLES}${file}`, 'utf8'), file),
  );
  return { ...buildPolicySet(docs).policySet, version };
}

/** eks.restrictive alone, usable by every service account. */
export const restrictivePolicies = (): PolicySet => samplePolicySet(['eks-restrictive.yaml']);

/** eks.privileged with its binding to system:authenticated: admits everything. */
export const privilegedPolicies = (): PolicySet => samplePolicySet(['eks-privileged.yaml']);

/** No policy imported: nothing to evaluate PSP against. */
export const noPolicies = (): PolicySet => ({ policies: [], rbac: null, version: null });

export const pss = (text: string): PssTarget => parsePssTarget(text);
