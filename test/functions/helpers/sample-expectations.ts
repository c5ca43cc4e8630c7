/**
 * What the sample audit log (lib/audit/sample-events.ts) gives under eks.restrictive and PSS
 * restricted, shared by the handler suites.
 */
import { SAMPLE_IDS } from '../../../lib/audit/sample-events.ts';

/** The findings of the whole sample log, sorted. */
export const SAMPLE_FINDING_IDS = [
  `${SAMPLE_IDS.toolboxCreate}:psp-violation`,
  `${SAMPLE_IDS.toolboxCreate}:pss-violation`,
  `${SAMPLE_IDS.logShipperCreate}:psp-violation`,
  `${SAMPLE_IDS.logShipperCreate}:pss-violation`,
  `${SAMPLE_IDS.execShadow}:sensitive-file`,
  `${SAMPLE_IDS.cpKubeconfig}:sensitive-file`,
  `${SAMPLE_IDS.nodeDebuggerCreate}:psp-violation`,
  `${SAMPLE_IDS.nodeDebuggerCreate}:pss-violation`,
  `${SAMPLE_IDS.nodeDebuggerCreate}:sensitive-file`,
  `${SAMPLE_IDS.metadataOnlyCreate}:unevaluated`,
  `${SAMPLE_IDS.debugContainer}:pss-violation`,
  `${SAMPLE_IDS.debugContainer}:sensitive-file`,
].sort();

/** The ids of a list of findings (or alerts' findings), sorted. */
export const ids = (items: readonly { id: string }[]) => items.map((item) => item.id).sort();
