/**
 * Conformance sweep: every fixture of shared/conformance/pss (the Pod Security Admission library's
 * own test pods), judged as its README says — at the folder's level and version only; `pass`
 * means no violation at all; `fail` means rejected with the fixture's check (or, in restricted
 * folders, the restricted check that replaces it from a given version) among the failing checks.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Pod } from '../../lib/k8s.ts';
import { evaluatePss, type PssLevel } from '../../lib/pss/evaluate-pss.ts';
import { PSS_CHECKS } from '../../lib/pss/pss-checks.ts';
import { parseMinor } from '../../lib/pss/version.ts';
import { PSS_REASON_SUBSTRINGS } from '../helpers/pss-reason-substrings.ts';

// The repo root's parent holds shared/ (locally /work; in CI a copy beside the clone).
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, '..', 'shared', 'conformance', 'pss');

interface FixtureEntry {
  file: string;
  level: PssLevel;
  version: string;
  expect: 'pass' | 'fail';
  check: string | null;
}

/** Restricted replacements of baseline checks, and the minor version they start at. */
const REPLACED_AT_RESTRICTED: Readonly<Record<string, { by: string; from: number }>> = {
  hostPathVolumes: { by: 'restrictedVolumes', from: 0 },
  seccompProfile_baseline: { by: 'seccompProfile_restricted', from: 19 },
  capabilities_baseline: { by: 'capabilities_restricted', from: 22 },
  procMount: { by: 'procMount_restricted', from: 35 },
};

function expectedCheck(entry: FixtureEntry): string | null {
  if (entry.check === null || entry.level !== 'restricted') return entry.check;
  const replacement = REPLACED_AT_RESTRICTED[entry.check];
  const minor = parseMinor(entry.version) ?? -1;
  return replacement !== undefined && minor >= replacement.from ? replacement.by : entry.check;
}

const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as FixtureEntry[];

// 4,537 files hold only ~380 distinct contents: parse each content once.
const podsByContent = new Map<string, Pod>();
function loadPod(file: string): Pod {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  let pod = podsByContent.get(text);
  if (pod === undefined) {
    pod = parse(text) as Pod;
    podsByContent.set(text, pod);
  }
  return pod;
}

/** One line per fixture: `<file>: <verdict>`, the verdict being what the judging rule wants. */
function judge(entry: FixtureEntry): string {
  const verdict = evaluatePss(loadPod(entry.file), { level: entry.level, version: entry.version });
  const failing = verdict.reasons.map((reason) => reason.check);
  if (entry.expect === 'pass') {
    return verdict.allowed ? 'pass' : `denied by ${failing.join(', ')}`;
  }
  const wanted = expectedCheck(entry);
  if (verdict.allowed) return `allowed (wanted ${wanted})`;
  if (wanted === null) return 'fail';
  const reason = verdict.reasons.find((candidate) => candidate.check === wanted);
  if (reason === undefined) return `denied by ${failing.join(', ')} (wanted ${wanted})`;
  // The upstream harness also reads the message: the check's substring, no unknown reason.
  const substring = PSS_REASON_SUBSTRINGS[wanted] ?? wanted;
  if (!reason.message.includes(substring) || reason.message.includes('unknown forbidden reason')) {
    return `message ${JSON.stringify(reason.message)} lacks ${JSON.stringify(substring)}`;
  }
  return 'fail';
}

const groups = new Map<string, FixtureEntry[]>();
for (const entry of index) {
  const key = `${entry.level}/${entry.version}`;
  groups.set(key, [...(groups.get(key) ?? []), entry]);
}

describe('Pod Security Standards conformance (shared/conformance/pss)', () => {
  it('indexes all 4,537 fixtures', () => {
    expect(index.length).toBe(4537);
  });

  it('names exactly the registered checks in its fail fixtures', () => {
    const named = new Set(
      index.filter((entry) => entry.expect === 'fail').map((entry) => entry.check),
    );
    expect([...named].sort()).toEqual(PSS_CHECKS.map((check) => check.id).sort());
  });

  it.each([...groups.entries()].map(([folder, entries]) => ({ folder, entries })))(
    'judges every fixture in $folder as the upstream harness does',
    ({ entries }) => {
      const actual = entries.map((entry) => `${entry.file}: ${judge(entry)}`);
      const expected = entries.map((entry) => `${entry.file}: ${entry.expect}`);
      expect(actual).toEqual(expected);
    },
  );
});
