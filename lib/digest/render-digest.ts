/**
 * Renders a digest for people (plain text that reads well in a mail client: aligned columns, no
 * markdown) and for machines (JSON). Lists are cut to a few entries with "… and N more", so the
 * message stays far below SNS's 256 KB limit whatever the window held.
 */
import type { Digest, DigestEntry, DigestSensitiveFile, DigestTypeTotal } from './build-digest.ts';

export interface DigestLimits {
  /** Entries per top list (namespaces, users …). */
  top: number;
  /** Sensitive-file alerts listed. */
  sensitiveFiles: number;
  /** Characters of one cell (a name, a summary) before it is cut with "…". */
  cell: number;
}

export const DEFAULT_DIGEST_LIMITS: DigestLimits = { top: 10, sensitiveFiles: 50, cell: 100 };

export interface RenderedDigest {
  /** ASCII, at most 100 characters (SNS subject rules). */
  subject: string;
  text: string;
  json: DigestJson;
}

export interface CutList<T> {
  items: T[];
  /** Entries left out. */
  more: number;
}

export interface DigestJson {
  /** `psp-audit.digest`, as alerts carry `psp-audit.alert`. */
  kind: 'psp-audit.digest';
  window: string;
  cluster: string | null;
  from: string;
  until: string;
  previousFrom: string;
  pss: string | null;
  totals: DigestTypeTotal[];
  total: DigestTypeTotal;
  workloads: {
    newCount: number;
    recurringCount: number;
    new: CutList<DigestEntry>;
    recurring: CutList<DigestEntry>;
  };
  top: Record<keyof Digest['top'], CutList<DigestEntry>>;
  sensitiveFiles: CutList<DigestSensitiveFile>;
  sensitiveFileCount: number;
  unevaluated: number;
  pssFailuresByNamespace: CutList<DigestEntry>;
}

const WINDOW_LABELS: Record<Digest['window'], string> = {
  '1h': 'last hour',
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
};

export function renderDigest(
  digest: Digest,
  limits: DigestLimits = DEFAULT_DIGEST_LIMITS,
): RenderedDigest {
  return {
    subject: renderSubject(digest),
    text: renderText(digest, limits),
    json: renderJson(digest, limits),
  };
}

export function renderSubject(digest: Digest): string {
  const scope = digest.cluster === null ? 'all clusters' : `cluster ${digest.cluster}`;
  const alerts = digest.sensitiveFileCount;
  const alertText =
    alerts === 0 ? '' : `, ${alerts} sensitive-file ${alerts === 1 ? 'alert' : 'alerts'}`;
  const subject = `psp-audit ${digest.window} digest, ${scope}: ${plural(digest.total.count, 'finding')} (${signed(digest.total.change)})${alertText}`;
  // SNS subjects: ASCII without control characters, at most 100 characters.
  const ascii = subject.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= 100 ? ascii : `${ascii.slice(0, 97)}...`;
}

function renderText(digest: Digest, limits: DigestLimits): string {
  const cut = (text: string) => cutCell(text, limits.cell);
  const scope = digest.cluster === null ? 'all clusters' : `cluster ${cut(digest.cluster)}`;
  const lines: string[] = [
    `psp-audit digest: ${WINDOW_LABELS[digest.window]}, ${scope}`,
    `Window:   ${formatTime(digest.from)} to ${formatTime(digest.until)} UTC`,
    `Previous: ${formatTime(digest.previousFrom)} to ${formatTime(digest.from)} UTC`,
  ];

  section(lines, 'Findings by type');
  const totalRows = [...digest.totals, digest.total].map((row) => [
    `  ${row.type}`,
    String(row.count),
    String(row.previous),
    signed(row.change),
  ]);
  lines.push(...renderColumns([['', 'this window', 'previous', 'change'], ...totalRows], 'lrrr'));

  const { new: fresh, recurring } = digest.workloads;
  section(lines, `Workloads: ${fresh.length} new, ${recurring.length} recurring`);
  if (fresh.length + recurring.length === 0) lines.push('  (none)');
  const shownNew = fresh.slice(0, limits.top);
  const shownRecurring = recurring.slice(0, limits.top);
  lines.push(
    ...renderColumns(
      [
        ...shownNew.map((entry) => ['  new', cut(entry.name), String(entry.count)]),
        ...shownRecurring.map((entry) => ['  recurring', cut(entry.name), String(entry.count)]),
      ],
      'llr',
    ),
  );
  if (fresh.length > shownNew.length) {
    lines.push(`  … and ${fresh.length - shownNew.length} more new`);
  }
  if (recurring.length > shownRecurring.length) {
    lines.push(`  … and ${recurring.length - shownRecurring.length} more recurring`);
  }

  const tops: [string, DigestEntry[]][] = [
    ['Top namespaces', digest.top.namespaces],
    ['Top policies', digest.top.policies],
    ['Top PSS checks', digest.top.checks],
    ['Top fields', digest.top.fields],
    ['Top requesting users', digest.top.users],
    ['Top workloads', digest.top.workloads],
  ];
  for (const [title, entries] of tops) {
    section(lines, title);
    lines.push(...renderEntries(entries, limits, '  '));
  }

  section(lines, `Sensitive-file alerts: ${digest.sensitiveFileCount}`);
  if (digest.sensitiveFileCount === 0) lines.push('  (none)');
  const listed = digest.sensitiveFiles.slice(0, limits.sensitiveFiles);
  const alertLines = renderColumns(
    listed.map((alert) => [
      `  ${formatTime(alert.time, true)}`,
      cut(alert.cluster),
      cut(`${alert.namespace}/${alert.pod}`),
      cut(alert.user),
    ]),
    'llll',
  );
  listed.forEach((alert, index) => {
    lines.push(alertLines[index] ?? '', `    ${cut(alert.summary)}`);
  });
  const unlisted = digest.sensitiveFileCount - listed.length;
  if (unlisted > 0) lines.push(`  … and ${unlisted} more`);

  lines.push('', `Pod events that could not be evaluated: ${digest.unevaluated}`);

  const level = digest.pss === null ? 'the configured PSS level' : `PSS ${cut(digest.pss)}`;
  section(lines, `Pods failing ${level}, by namespace`);
  lines.push(...renderEntries(digest.pssFailuresByNamespace, limits, '  '));

  return `${lines.join('\n')}\n`;
}

function section(lines: string[], title: string): void {
  lines.push('', title, '-'.repeat(title.length));
}

function renderEntries(
  entries: readonly DigestEntry[],
  limits: DigestLimits,
  indent: string,
): string[] {
  if (entries.length === 0) return [`${indent}(none)`];
  const shown = entries.slice(0, limits.top);
  const lines = renderColumns(
    shown.map((entry) => [`${indent}${cutCell(entry.name, limits.cell)}`, String(entry.count)]),
    'lr',
  );
  if (entries.length > shown.length)
    lines.push(`${indent}… and ${entries.length - shown.length} more`);
  return lines;
}

/** Rows padded into columns two spaces apart; `align` holds `l` or `r` per column. */
export function renderColumns(rows: readonly string[][], align: string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, [...cell].length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => {
        const pad = ' '.repeat((widths[index] ?? 0) - [...cell].length);
        return align[index] === 'r' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

function renderJson(digest: Digest, limits: DigestLimits): DigestJson {
  const long = (text: string) => cutCell(text, limits.cell * 3);
  const top = (entries: DigestEntry[]) => {
    const list = cutList(entries, limits.top);
    return { ...list, items: list.items.map((entry) => ({ ...entry, name: long(entry.name) })) };
  };
  return {
    kind: 'psp-audit.digest',
    window: digest.window,
    cluster: digest.cluster,
    from: digest.from,
    until: digest.until,
    previousFrom: digest.previousFrom,
    pss: digest.pss,
    totals: digest.totals,
    total: digest.total,
    workloads: {
      newCount: digest.workloads.new.length,
      recurringCount: digest.workloads.recurring.length,
      new: top(digest.workloads.new),
      recurring: top(digest.workloads.recurring),
    },
    top: {
      namespaces: top(digest.top.namespaces),
      policies: top(digest.top.policies),
      checks: top(digest.top.checks),
      fields: top(digest.top.fields),
      users: top(digest.top.users),
      workloads: top(digest.top.workloads),
    },
    sensitiveFiles: {
      items: digest.sensitiveFiles.slice(0, limits.sensitiveFiles).map((alert) => ({
        ...alert,
        cluster: long(alert.cluster),
        namespace: long(alert.namespace),
        pod: long(alert.pod),
        user: long(alert.user),
        summary: long(alert.summary),
      })),
      more:
        digest.sensitiveFileCount - Math.min(digest.sensitiveFiles.length, limits.sensitiveFiles),
    },
    sensitiveFileCount: digest.sensitiveFileCount,
    unevaluated: digest.unevaluated,
    pssFailuresByNamespace: top(digest.pssFailuresByNamespace),
  };
}

function cutList<T>(items: readonly T[], limit: number): CutList<T> {
  return { items: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

function cutCell(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...flat];
  return chars.length <= limit ? flat : `${chars.slice(0, limit - 1).join('')}…`;
}

/** `2026-11-26 18:00` (with seconds when asked); the input is ISO 8601 UTC. */
function formatTime(iso: string, seconds = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString().replace('T', ' ');
  return seconds ? text.slice(0, 19) : text.slice(0, 16);
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
