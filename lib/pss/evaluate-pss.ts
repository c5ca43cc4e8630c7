/**
 * Evaluates a pod against the Pod Security Standards at a level and policy version, the way the
 * Kubernetes Pod Security Admission library does: the checks in force are resolved once per
 * (level, version) by the registry; a pod is allowed when none of them denies it. Policy
 * violations are results; only a malformed target throws.
 */
import { BadRequestError } from '../errors.ts';
import type { Pod, PodSpec } from '../k8s.ts';
import { append } from './format.ts';
import { isPssLevel, PSS_LEVELS, type PssLevel } from './levels.ts';
import { pssRegistry } from './pss-checks.ts';
import { formatVersion, parseMinor } from './version.ts';

export type { PssLevel } from './levels.ts';

/** A level and a resolved policy version (`v1.<minor>`, never `latest`). */
export interface PssTarget {
  level: PssLevel;
  version: string;
}

/** One failing check: its id, every offending field path (`field` is the first) and the text. */
export interface PssReason {
  check: string;
  field: string;
  fields: string[];
  /** `<reason> (<detail>)`, e.g. `privileged (container "app" must not set …)`. */
  message: string;
}

export interface PssVerdict {
  allowed: boolean;
  target: PssTarget;
  /** One per failing check, sorted by check id. */
  reasons: PssReason[];
}

/** The newest policy version the checks know; `latest` and newer versions evaluate as this. */
export const LATEST_PSS_VERSION: string = formatVersion(pssRegistry.maxMinor);

/** Every policy version from v1.0 to LATEST_PSS_VERSION. */
export const PSS_VERSIONS: readonly string[] = Object.freeze(
  Array.from({ length: pssRegistry.maxMinor + 1 }, (_, minor) => formatVersion(minor)),
);

const MINOR_BY_VERSION: ReadonlyMap<string, number> = new Map(
  PSS_VERSIONS.map((version, minor) => [version, minor]),
);

const EMPTY_SPEC: PodSpec = Object.freeze({ containers: [] });

export function formatPssTarget(target: PssTarget): string {
  return `${target.level}@${target.version}`;
}

/**
 * Parses `restricted`, `baseline@v1.25`, `restricted@latest`, `restricted:v1.25`, `baseline@1.25`
 * or a bare version (`1.25`, `v1.25`, `latest`, evaluated at `restricted`). Versions newer than
 * LATEST_PSS_VERSION resolve to it, as in the library.
 */
export function parsePssTarget(text: string): PssTarget {
  const trimmed = String(text).trim().toLowerCase();
  const separator = trimmed.search(/[@:]/);
  const levelText = separator === -1 ? trimmed : trimmed.slice(0, separator);
  const versionText = separator === -1 ? undefined : trimmed.slice(separator + 1);

  if (versionText === undefined && !isPssLevel(levelText)) {
    const version = resolveVersion(levelText);
    if (version !== undefined) return { level: 'restricted', version };
  }
  const version = versionText === undefined ? LATEST_PSS_VERSION : resolveVersion(versionText);
  if (!isPssLevel(levelText) || version === undefined) throw invalidTarget(text);
  return { level: levelText, version };
}

export function evaluatePss(pod: Pod, target: PssTarget): PssVerdict {
  const checks = pssRegistry.checksFor(resolveLevel(target), resolveMinor(target));
  const metadata = pod?.metadata;
  const spec = pod?.spec ?? EMPTY_SPEC;
  let reasons: PssReason[] | undefined;
  for (let i = 0; i < checks.length; i += 1) {
    const check = checks[i];
    if (check === undefined) continue;
    const denial = check.evaluate(metadata, spec);
    if (denial === undefined) continue;
    reasons = append(reasons, {
      check: check.id,
      field: denial.fields[0] ?? '',
      fields: denial.fields,
      message: denial.detail === '' ? denial.reason : `${denial.reason} (${denial.detail})`,
    });
  }
  return { allowed: reasons === undefined, target, reasons: reasons ?? [] };
}

/** `v1.<minor>`, `1.<minor>` or `latest` as a known version string, or `undefined`. */
function resolveVersion(text: string): string | undefined {
  if (text === 'latest') return LATEST_PSS_VERSION;
  const minor = parseMinor(text);
  if (minor === undefined) return undefined;
  return formatVersion(Math.min(minor, pssRegistry.maxMinor));
}

function resolveLevel(target: PssTarget): PssLevel {
  if (isPssLevel(target.level)) return target.level;
  throw invalidTarget(`${String(target.level)}@${String(target.version)}`);
}

function resolveMinor(target: PssTarget): number {
  const minor = MINOR_BY_VERSION.get(target.version);
  if (minor !== undefined) return minor;
  const version = typeof target.version === 'string' ? resolveVersion(target.version) : undefined;
  if (version === undefined) throw invalidTarget(`${target.level}@${String(target.version)}`);
  return MINOR_BY_VERSION.get(version) ?? pssRegistry.maxMinor;
}

function invalidTarget(text: string): BadRequestError {
  const shown = JSON.stringify(String(text).slice(0, 64));
  return new BadRequestError(
    `PSS target ${shown} is not valid: expected <level>[@<version>] with level one of ` +
      `${PSS_LEVELS.join(', ')} and version one of ${PSS_VERSIONS.join(', ')} or latest`,
  );
}
