import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryFindingStore, MemoryPolicyStore } from '../../lib/adapters/memory-stores.ts';
import { createDigestCommand } from '../../lib/cli/commands/digest.ts';
import { createPoliciesCommand } from '../../lib/cli/commands/policies.ts';
import { main } from '../../lib/cli/main.ts';
import { finding, fixedClock } from './fakes.ts';

const clock = fixedClock('2026-11-26T19:42:00.000Z');

function captureIo() {
  const io = { out: '', err: '' };
  return {
    io,
    cli: {
      stdout: (text: string) => {
        io.out += text;
      },
      stderr: (text: string) => {
        io.err += text;
      },
    },
  };
}

const psp = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata: { name: restricted }
spec:
  seLinux: { rule: RunAsAny }
  runAsUser: { rule: MustRunAsNonRoot }
  supplementalGroups: { rule: RunAsAny }
  fsGroup: { rule: RunAsAny }
`;
const rbac = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: use-restricted }
rules: [{ apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use] }]
`;

describe('psp-audit policies', () => {
  let dir: string;
  let policies: MemoryPolicyStore;
  let opened: number;
  let closed: number;
  const command = () =>
    createPoliciesCommand(async () => {
      opened += 1;
      const close = async () => {
        closed += 1;
      };
      return { policies, close };
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'psp-audit-policies-'));
    await writeFile(join(dir, 'psp.yaml'), psp);
    await writeFile(join(dir, 'rbac.yml'), rbac);
    await writeFile(join(dir, 'notes.txt'), 'not a manifest');
    policies = new MemoryPolicyStore({ clock });
    opened = 0;
    closed = 0;
  });

  it('imports the manifests of a directory as a new version and lists them', async () => {
    const { io, cli } = captureIo();

    const imported = await command().run(['import', dir], cli);
    const listed = await command().run(['list'], cli);

    expect([imported, listed]).toEqual([0, 0]);
    expect(io.out).toBe(`stored policy set version v000001: 2 objects imported, 2 in the set
version v000001, imported 2026-11-26T19:42:00.000Z, 2 objects
  ClusterRole/use-restricted
  PodSecurityPolicy/restricted
`);
    expect(io.err).toBe('');
    expect(closed).toBe(2);
  });

  it('prints the list as JSON', async () => {
    const { io, cli } = captureIo();
    await command().run(['import', join(dir, 'psp.yaml')], cli);
    io.out = '';

    await command().run(['list', '--format', 'json'], cli);

    expect(JSON.parse(io.out)).toEqual({
      version: 'v000001',
      importedAt: '2026-11-26T19:42:00.000Z',
      objects: ['PodSecurityPolicy/restricted'],
    });
  });

  it('says when nothing is stored', async () => {
    const { io, cli } = captureIo();

    await command().run(['list'], cli);

    expect(io.out).toBe(
      'no policy set stored (import one with `psp-audit policies import PATH`)\n',
    );
  });

  it('refuses an invalid policy before opening the store', async () => {
    await writeFile(
      join(dir, 'psp.yaml'),
      psp.replace('  runAsUser: { rule: MustRunAsNonRoot }\n', ''),
    );

    await expect(command().run(['import', dir], captureIo().cli)).rejects.toThrow(
      `${join(dir, 'psp.yaml')} (PodSecurityPolicy "restricted"): spec.runAsUser is required`,
    );
    expect(opened).toBe(0);
  });

  it.each([
    { args: [], message: 'an action is required: import or list' },
    { args: ['show'], message: 'unknown action "show" (accepted: import, list)' },
    { args: ['import'], message: 'import needs at least one PATH (file or directory)' },
    { args: ['list', '--format', 'yaml'], message: '--format must be text or json, got "yaml"' },
  ])('refuses $args: $message', async ({ args, message }) => {
    await expect(command().run(args, captureIo().cli)).rejects.toThrow(message);
  });
});

describe('psp-audit digest', () => {
  async function command() {
    const findings = new MemoryFindingStore({ clock });
    await findings.save([
      finding({ id: 'a:psp-violation', time: '2026-11-26T18:15:00.000Z', cluster: 'prod' }),
      finding({ id: 'b:psp-violation', time: '2026-11-26T18:20:00.000Z', cluster: 'staging' }),
      finding({ id: 'c:psp-violation', time: '2026-11-26T19:10:00.000Z', cluster: 'prod' }),
    ]);
    return createDigestCommand({
      open: async () => ({ findings, close: async () => undefined }),
      clock,
      env: { PSS_LEVEL: 'baseline@v1.30' },
    });
  }

  it('prints the digest of the last complete hour for one cluster', async () => {
    const { io, cli } = captureIo();

    const code = await (await command()).run(['--window', '1h', '--cluster', 'prod'], cli);

    expect(code).toBe(0);
    expect(
      io.out.split('\n').slice(0, 12).join('\n'),
    ).toBe(`psp-audit digest: last hour, cluster prod
Window:   2026-11-26 18:00 to 2026-11-26 19:00 UTC
Previous: 2026-11-26 17:00 to 2026-11-26 18:00 UTC

Findings by type
----------------
                  this window  previous  change
  psp-violation             1         0      +1
  pss-violation             0         0       0
  sensitive-file            0         0       0
  unevaluated               0         0       0
  total                     1         0      +1`);
    expect(io.out).toContain('\nPods failing PSS baseline@v1.30, by namespace\n');
  });

  it('prints JSON with the subject, over every cluster, up to --until', async () => {
    const { io, cli } = captureIo();

    await (await command()).run(
      ['--window', '24h', '--until', '2026-11-26T20:30:00Z', '--format', 'json'],
      cli,
    );

    expect(JSON.parse(io.out)).toMatchObject({
      subject: 'psp-audit 24h digest, all clusters: 3 findings (+3)',
      window: '24h',
      cluster: null,
      from: '2026-11-25T20:00:00.000Z',
      until: '2026-11-26T20:00:00.000Z',
      total: { count: 3 },
    });
  });

  it.each([
    { args: ['--window', '2h'], message: '--window must be one of 1h, 24h, 7d, got "2h"' },
    {
      args: ['--until', 'tomorrow'],
      message: '--until must be an ISO 8601 time such as 2026-11-26T19:00:00Z, got "tomorrow"',
    },
    { args: ['--format', 'csv'], message: '--format must be text or json, got "csv"' },
  ])('refuses $args', async ({ args, message }) => {
    await expect((await command()).run(args, captureIo().cli)).rejects.toThrow(message);
  });

  it('exits 2 with one line on stderr for bad usage through main', async () => {
    const { io, cli } = captureIo();

    const code = await main(['digest', '--window', 'weekly'], cli);

    expect(code).toBe(2);
    expect(io.err).toBe('psp-audit digest: --window must be one of 1h, 24h, 7d, got "weekly"\n');
  });
});
