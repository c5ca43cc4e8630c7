/**
 * The check registry: validates the list of checks when it is built, then precomputes, for every
 * policy version it knows and each level, the checks in force and the revision each one runs.
 * Resolution follows the Pod Security Admission library:
 * - a check runs at v1.X with its newest revision whose `since` is ≤ v1.X, and not at all before
 *   its first revision;
 * - baseline runs the baseline checks; restricted runs them too, minus those a restricted check in
 *   force overrides, plus the restricted checks;
 * - versions newer than the newest `since` of any revision behave like that newest version;
 * - privileged runs nothing.
 * Checks come out sorted by id, so verdicts list their reasons in a stable order.
 */
import { PspAuditError } from '../errors.ts';
import type { PssCheck, PssCheckFn } from './check.ts';
import type { PssLevel } from './levels.ts';
import { formatVersion, parseMinor } from './version.ts';

/** A check list that breaks the registry's rules; the message names the offending check. */
export class PssRegistryError extends PspAuditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PssRegistryError';
  }
}

/** One check as it runs at a given level and version: its id and the revision in force. */
export interface ResolvedCheck {
  readonly id: string;
  readonly evaluate: PssCheckFn;
}

export interface PssRegistry {
  /** Minor number of the newest policy version any revision starts at. */
  readonly maxMinor: number;
  /** The checks in force at `level` and v1.`minor` (capped at `maxMinor`), sorted by id. */
  checksFor(level: PssLevel, minor: number): readonly ResolvedCheck[];
}

const NONE: readonly ResolvedCheck[] = Object.freeze([]);

export function createPssRegistry(checks: readonly PssCheck[]): PssRegistry {
  const minors = validateChecks(checks);
  let maxMinor = 0;
  for (const list of minors.values()) maxMinor = Math.max(maxMinor, list[list.length - 1] ?? 0);

  const baseline: (readonly ResolvedCheck[])[] = [];
  const restricted: (readonly ResolvedCheck[])[] = [];
  for (let minor = 0; minor <= maxMinor; minor += 1) {
    const active = checks.flatMap((check) => {
      const evaluate = revisionAt(check, minors.get(check.id) ?? [], minor);
      return evaluate === undefined ? [] : [{ check, resolved: { id: check.id, evaluate } }];
    });
    const overridden = new Set(active.flatMap(({ check }) => check.overrides ?? []));
    baseline.push(sortById(active.filter(({ check }) => check.level === 'baseline')));
    restricted.push(
      sortById(
        active.filter(({ check }) => check.level === 'restricted' || !overridden.has(check.id)),
      ),
    );
  }

  return {
    maxMinor,
    checksFor(level, minor) {
      if (level === 'privileged') return NONE;
      const index = Math.min(Math.max(minor, 0), maxMinor);
      return (level === 'baseline' ? baseline[index] : restricted[index]) ?? NONE;
    },
  };
}

function revisionAt(
  check: PssCheck,
  since: readonly number[],
  minor: number,
): PssCheckFn | undefined {
  let evaluate: PssCheckFn | undefined;
  for (let i = 0; i < since.length; i += 1) {
    if ((since[i] ?? Number.POSITIVE_INFINITY) > minor) break;
    evaluate = check.versions[i]?.evaluate;
  }
  return evaluate;
}

function sortById(entries: { resolved: ResolvedCheck }[]): readonly ResolvedCheck[] {
  const sorted = entries.map(({ resolved }) => resolved);
  sorted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Object.freeze(sorted);
}

/** Refuses a bad list with an error naming the check; returns each check's `since` minors. */
function validateChecks(checks: readonly PssCheck[]): Map<string, number[]> {
  const minors = new Map<string, number[]>();
  const levels = new Map<string, string>();
  for (const check of checks) {
    if (typeof check.id !== 'string' || check.id === '') {
      throw new PssRegistryError('PSS check with an empty id');
    }
    if (minors.has(check.id)) {
      throw new PssRegistryError(`PSS check ${check.id}: registered more than once`);
    }
    if (check.level !== 'baseline' && check.level !== 'restricted') {
      throw new PssRegistryError(
        `PSS check ${check.id}: level must be baseline or restricted, got ${String(check.level)}`,
      );
    }
    if (check.versions.length === 0) {
      throw new PssRegistryError(`PSS check ${check.id}: has no versions`);
    }
    const list: number[] = [];
    for (const revision of check.versions) {
      const minor = parseMinor(revision.since);
      if (minor === undefined || !revision.since.startsWith('v')) {
        throw new PssRegistryError(
          `PSS check ${check.id}: version must look like v1.<minor>, got ${JSON.stringify(revision.since)}`,
        );
      }
      const previous = list[list.length - 1];
      if (previous !== undefined && minor <= previous) {
        throw new PssRegistryError(
          `PSS check ${check.id}: versions must be strictly increasing, got ${revision.since} after ${formatVersion(previous)}`,
        );
      }
      list.push(minor);
    }
    minors.set(check.id, list);
    levels.set(check.id, check.level);
  }
  for (const check of checks) {
    const overrides = check.overrides ?? [];
    if (overrides.length > 0 && check.level !== 'restricted') {
      throw new PssRegistryError(`PSS check ${check.id}: only restricted checks may override`);
    }
    for (const target of overrides) {
      if (levels.get(target) !== 'baseline') {
        throw new PssRegistryError(
          `PSS check ${check.id}: overrides ${target}, which is not a registered baseline check`,
        );
      }
    }
    if (new Set(overrides).size !== overrides.length) {
      throw new PssRegistryError(`PSS check ${check.id}: overrides the same check twice`);
    }
  }
  return minors;
}
