import { describe, expect, it } from 'vitest';
import type { Digest, DigestEntry } from './build-digest.ts';
import { renderColumns, renderDigest } from './render-digest.ts';

function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    window: '24h',
    cluster: null,
    from: '2026-11-25T19:00:00.000Z',
    until: '2026-11-26T19:00:00.000Z',
    previousFrom: '2026-11-24T19:00:00.000Z',
    pss: 'restricted@latest',
    totals: [
      { type: 'psp-violation', count: 3, previous: 2, change: 1 },
      { type: 'pss-violation', count: 0, previous: 4, change: -4 },
      { type: 'sensitive-file', count: 1, previous: 0, change: 1 },
      { type: 'unevaluated', count: 1, previous: 0, change: 1 },
    ],
    total: { type: 'total', count: 5, previous: 6, change: -1 },
    workloads: {
      new: [{ name: 'default/Job/backup', count: 1 }],
      recurring: [{ name: 'default/Deployment/web', count: 2 }],
    },
    top: {
      namespaces: [
        { name: 'default', count: 3 },
        { name: 'kube-system', count: 1 },
      ],
      policies: [{ name: 'restricted', count: 3 }],
      checks: [],
      fields: [{ name: 'privileged', count: 2 }],
      users: [
        { name: 'alice', count: 3 },
        { name: 'bob', count: 1 },
      ],
      workloads: [
        { name: 'default/Deployment/web', count: 2 },
        { name: 'default/Job/backup', count: 1 },
      ],
    },
    sensitiveFiles: [sampleAlert],
    sensitiveFileCount: 1,
    unevaluated: 1,
    pssFailuresByNamespace: [{ name: 'default', count: 3 }],
    ...overrides,
  };
}

const sampleAlert = {
  id: 'e1:sensitive-file',
  time: '2026-11-26T18:12:03.000Z',
  cluster: 'prod',
  namespace: 'kube-system',
  pod: 'debug-7f9c',
  user: 'bob',
  summary: 'exec into kube-system/debug-7f9c reading /etc/shadow',
};

function entries(prefix: string, count: number): DigestEntry[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `${prefix}-${String(index).padStart(2, '0')}`,
    count: count - index,
  }));
}

describe('renderDigest', () => {
  it('renders a small digest as aligned plain text', () => {
    const { subject, text } = renderDigest(digest());

    expect(subject).toBe(
      'psp-audit 24h digest, all clusters: 5 findings (-1), 1 sensitive-file alert',
    );
    expect(text).toBe(`psp-audit digest: last 24 hours, all clusters
Window:   2026-11-25 19:00 to 2026-11-26 19:00 UTC
Previous: 2026-11-24 19:00 to 2026-11-25 19:00 UTC

Findings by type
----------------
                  this window  previous  change
  psp-violation             3         2      +1
  pss-violation             0         4      -4
  sensitive-file            1         0      +1
  unevaluated               1         0      +1
  total                     5         6      -1

Workloads: 1 new, 1 recurring
-----------------------------
  new        default/Job/backup      1
  recurring  default/Deployment/web  2

Top namespaces
--------------
  default      3
  kube-system  1

Top policies
------------
  restricted  3

Top PSS checks
--------------
  (none)

Top fields
----------
  privileged  2

Top requesting users
--------------------
  alice  3
  bob    1

Top workloads
-------------
  default/Deployment/web  2
  default/Job/backup      1

Sensitive-file alerts: 1
------------------------
  2026-11-26 18:12:03  prod  kube-system/debug-7f9c  bob
    exec into kube-system/debug-7f9c reading /etc/shadow

Pod events that could not be evaluated: 1

Pods failing PSS restricted@latest, by namespace
------------------------------------------------
  default  3
`);
  });

  it('says "(none)" for empty lists and names the cluster of a one-cluster digest', () => {
    const empty = digest({
      window: '1h',
      cluster: 'prod',
      from: '2026-11-26T18:00:00.000Z',
      until: '2026-11-26T19:00:00.000Z',
      previousFrom: '2026-11-26T17:00:00.000Z',
      pss: null,
      totals: [{ type: 'psp-violation', count: 0, previous: 0, change: 0 }],
      total: { type: 'total', count: 0, previous: 0, change: 0 },
      workloads: { new: [], recurring: [] },
      top: { namespaces: [], policies: [], checks: [], fields: [], users: [], workloads: [] },
      sensitiveFiles: [],
      sensitiveFileCount: 0,
      unevaluated: 0,
      pssFailuresByNamespace: [],
    });

    const { subject, text } = renderDigest(empty);

    expect(subject).toBe('psp-audit 1h digest, cluster prod: 0 findings (0)');
    expect(text).toBe(`psp-audit digest: last hour, cluster prod
Window:   2026-11-26 18:00 to 2026-11-26 19:00 UTC
Previous: 2026-11-26 17:00 to 2026-11-26 18:00 UTC

Findings by type
----------------
                 this window  previous  change
  psp-violation            0         0       0
  total                    0         0       0

Workloads: 0 new, 0 recurring
-----------------------------
  (none)

Top namespaces
--------------
  (none)

Top policies
------------
  (none)

Top PSS checks
--------------
  (none)

Top fields
----------
  (none)

Top requesting users
--------------------
  (none)

Top workloads
-------------
  (none)

Sensitive-file alerts: 0
------------------------
  (none)

Pod events that could not be evaluated: 0

Pods failing the configured PSS level, by namespace
---------------------------------------------------
  (none)
`);
  });

  it('cuts long lists with "… and N more" in the text and counts what was left out in the JSON', () => {
    const alerts = Array.from({ length: 3 }, (_, index) => ({
      id: `e${index}:sensitive-file`,
      time: `2026-11-26T1${index}:00:00.000Z`,
      cluster: 'prod',
      namespace: 'ops',
      pod: `shell-${index}`,
      user: 'carol',
      summary: `read /etc/kubernetes/admin.conf (${index})`,
    }));
    const big = digest({
      top: { ...digest().top, namespaces: entries('team', 4) },
      workloads: { new: entries('new', 3), recurring: entries('old', 4) },
      sensitiveFiles: alerts,
      sensitiveFileCount: 5,
    });

    const { text, json } = renderDigest(big, { top: 2, sensitiveFiles: 2, cell: 100 });

    expect(text).toContain(`Top namespaces
--------------
  team-00  4
  team-01  3
  … and 2 more
`);
    expect(text).toContain(`Workloads: 3 new, 4 recurring
-----------------------------
  new        new-00  3
  new        new-01  2
  recurring  old-00  4
  recurring  old-01  3
  … and 1 more new
  … and 2 more recurring
`);
    expect(text).toContain(`Sensitive-file alerts: 5
------------------------
  2026-11-26 10:00:00  prod  ops/shell-0  carol
    read /etc/kubernetes/admin.conf (0)
  2026-11-26 11:00:00  prod  ops/shell-1  carol
    read /etc/kubernetes/admin.conf (1)
  … and 3 more
`);
    expect(json.top.namespaces).toEqual({ items: entries('team', 4).slice(0, 2), more: 2 });
    expect(json.workloads).toEqual({
      newCount: 3,
      recurringCount: 4,
      new: { items: entries('new', 3).slice(0, 2), more: 1 },
      recurring: { items: entries('old', 4).slice(0, 2), more: 2 },
    });
    expect(json.sensitiveFiles).toEqual({ items: alerts.slice(0, 2), more: 3 });
    expect(json.sensitiveFileCount).toBe(5);
  });

  it('cuts long names and summaries with "…" and flattens their line breaks', () => {
    const long = digest({
      top: {
        ...digest().top,
        users: [{ name: `system:serviceaccount:${'x'.repeat(40)}`, count: 1 }],
      },
      sensitiveFiles: [{ ...sampleAlert, summary: 'first line\nsecond line that is long' }],
    });

    const { text } = renderDigest(long, { top: 10, sensitiveFiles: 10, cell: 20 });

    expect(text).toContain('\n  system:serviceaccou…  1\n');
    expect(text).toContain('\n    first line second l…\n');
  });

  it('keeps the subject ASCII and within 100 characters', () => {
    const { subject } = renderDigest(digest({ cluster: `é${'c'.repeat(120)}` }));

    expect(subject).toHaveLength(100);
    expect(subject).toMatch(/^psp-audit 24h digest, cluster \?c+\.\.\.$/);
  });

  it('stays far below the SNS limit of 256 KB whatever the window held', () => {
    const huge = 'y'.repeat(5000);
    const many = (prefix: string) => entries(`${prefix}-${huge}`, 5000);
    const giant = digest({
      workloads: { new: many('n'), recurring: many('r') },
      top: {
        namespaces: many('ns'),
        policies: many('p'),
        checks: many('c'),
        fields: many('f'),
        users: many('u'),
        workloads: many('w'),
      },
      sensitiveFiles: Array.from({ length: 1000 }, (_, index) => ({
        ...sampleAlert,
        id: `e${index}`,
        summary: huge,
        user: huge,
      })),
      sensitiveFileCount: 100_000,
      pssFailuresByNamespace: many('pss'),
    });

    const { text, json } = renderDigest(giant);
    const bytes = Buffer.byteLength(text) + Buffer.byteLength(JSON.stringify(json));

    expect(bytes).toBeLessThan(128 * 1024);
    expect(text).toContain('  … and 99950 more\n');
  });
});

describe('renderColumns', () => {
  it('pads left- and right-aligned columns two spaces apart without trailing blanks', () => {
    expect(
      renderColumns(
        [
          ['a', '1', 'x'],
          ['bbb', '100', ''],
        ],
        'lrl',
      ),
    ).toEqual(['a      1  x', 'bbb  100']);
  });
});
