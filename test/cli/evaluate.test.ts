import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLES = 'lib/psp/samples';
const WEB = 'lib/psp/samples/pods/web.yaml';
const AGENT = 'lib/psp/samples/pods/node-agent.yaml';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const agentReasons = [
  {
    policy: 'eks.restrictive',
    field: 'spec.securityContext.hostNetwork',
    message: 'Host network is not allowed to be used',
  },
  {
    policy: 'eks.restrictive',
    field: 'spec.securityContext.hostPID',
    message: 'Host PID is not allowed to be used',
  },
  {
    policy: 'eks.restrictive',
    field: 'spec.volumes[0]',
    message: 'hostPath volumes are not allowed to be used (volume "varlog")',
  },
  {
    policy: 'eks.restrictive',
    field: 'spec.containers[0].securityContext.privileged',
    message: 'Privileged containers are not allowed (container "agent")',
  },
  {
    policy: 'eks.restrictive',
    field: 'spec.containers[0].securityContext.capabilities.add',
    message: 'capability "NET_ADMIN" may not be added (container "agent")',
  },
];

describe('Command: psp-audit evaluate', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'psp-audit-evaluate-'));
    await writeFile(
      file('two-pods.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: ns}\nspec: {containers: [{name: c}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {hostPID: true, containers: [{name: c}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: d}\n',
    );
    await writeFile(file('no-spec.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\n');
    await writeFile(file('broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n');
    await writeFile(
      file('bad-rule.yaml'),
      'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec:\n  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: Whatever}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n',
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints one JSON object per pod: an authenticated requester gets eks.privileged', async () => {
    const { code, stdout, stderr } = await run([
      'evaluate',
      '--policies',
      SAMPLES,
      '--pod',
      WEB,
      '--pod',
      AGENT,
      '--user',
      'alice',
      '--group',
      'system:authenticated',
      '--format',
      'json',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.split('\n')[0]).toBe(
      '{"source":"lib/psp/samples/pods/web.yaml","pod":"shop/web-7d4b9c6f5-","allowed":true,"policy":"eks.privileged","mutated":false,"reasons":[]}',
    );
    expect(jsonLines(stdout)).toEqual([
      {
        source: WEB,
        pod: 'shop/web-7d4b9c6f5-',
        allowed: true,
        policy: 'eks.privileged',
        mutated: false,
        reasons: [],
      },
      {
        source: AGENT,
        pod: 'kube-system/node-agent-4xk2m',
        allowed: true,
        policy: 'eks.privileged',
        mutated: false,
        reasons: [],
      },
    ]);
  });

  it('without groups only the service-account grant applies: restrictive admits (mutating) or denies, exit 1', async () => {
    const { code, stdout } = await run([
      'evaluate',
      '--policies',
      `${SAMPLES}/eks-privileged.yaml`,
      '--policies',
      `${SAMPLES}/eks-restrictive.yaml`,
      '--pod',
      `${SAMPLES}/pods`,
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    expect(jsonLines(stdout)).toEqual([
      {
        source: 'lib/psp/samples/pods/node-agent.yaml',
        pod: 'kube-system/node-agent-4xk2m',
        allowed: false,
        policy: null,
        mutated: false,
        reasons: agentReasons,
      },
      {
        source: 'lib/psp/samples/pods/web.yaml',
        pod: 'shop/web-7d4b9c6f5-',
        allowed: true,
        policy: 'eks.restrictive',
        mutated: true,
        reasons: [],
      },
    ]);
  });

  it('numbers the pods of a multi-document file and warns about kinds it does not evaluate', async () => {
    const { code, stdout, stderr } = await run([
      'evaluate',
      '--policies',
      `${SAMPLES}/eks-restrictive.yaml`,
      '--pod',
      file('two-pods.yaml'),
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    expect(jsonLines(stdout).map((l) => [l.source, l.pod, l.allowed, l.policy])).toEqual([
      [`${file('two-pods.yaml')}#0`, 'ns/a', true, 'eks.restrictive'],
      [`${file('two-pods.yaml')}#1`, 'default/b', false, null],
    ]);
    expect(stderr).toBe(
      `psp-audit evaluate: warning: ${file('two-pods.yaml')}#2 (Service "d"): kind Service is not evaluated; ignored\n`,
    );
  });

  it('on update, a pod the policy would change is denied with no reasons', async () => {
    const { code, stdout } = await run([
      'evaluate',
      '--policies',
      `${SAMPLES}/eks-restrictive.yaml`,
      '--pod',
      WEB,
      '--operation',
      'update',
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    expect(jsonLines(stdout)).toEqual([
      {
        source: WEB,
        pod: 'shop/web-7d4b9c6f5-',
        allowed: false,
        policy: null,
        mutated: false,
        reasons: [],
      },
    ]);
  });

  it('prints a readable verdict per pod in text', async () => {
    const { code, stdout } = await run([
      'evaluate',
      '--policies',
      SAMPLES,
      '--pod',
      `${SAMPLES}/pods`,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        'lib/psp/samples/pods/node-agent.yaml  kube-system/node-agent-4xk2m: DENIED by every usable PodSecurityPolicy:',
        ...agentReasons.map((r) => `  ${r.policy}: ${r.field}: ${r.message}`),
        'lib/psp/samples/pods/web.yaml  shop/web-7d4b9c6f5-: allowed by PodSecurityPolicy eks.restrictive (after applying its defaults to the pod)',
        '2 pods: 1 allowed, 1 denied',
        '',
      ].join('\n'),
    );
  });

  it('explains a denial without reasons in text', async () => {
    const { stdout } = await run([
      'evaluate',
      '--policies',
      `${SAMPLES}/eks-privileged.yaml`,
      '--pod',
      AGENT,
      '--user',
      'bob',
    ]);
    expect(stdout).toBe(
      'lib/psp/samples/pods/node-agent.yaml  kube-system/node-agent-4xk2m: DENIED: neither user "bob" (no groups) nor service account kube-system/node-agent may use eks.privileged\n1 pod: 0 allowed, 1 denied\n',
    );
  });

  it('evaluates the Pod Security Standards with --pss', async () => {
    const { code, stdout } = await run([
      'evaluate',
      '--pss',
      'restricted@v1.25',
      '--pod',
      WEB,
      '--pod',
      AGENT,
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    const [web, agent] = jsonLines(stdout);
    expect(web).toEqual({
      source: WEB,
      pod: 'shop/web-7d4b9c6f5-',
      allowed: false,
      policy: 'restricted@v1.25',
      mutated: false,
      reasons: [expect.objectContaining({ check: 'seccompProfile_restricted' })],
    });
    expect(agent).toMatchObject({ allowed: false, policy: 'restricted@v1.25', mutated: false });
    for (const reason of (agent?.reasons ?? []) as Record<string, unknown>[]) {
      expect(Object.keys(reason)).toEqual(['check', 'field', 'message']);
    }
  });

  it('resolves latest to the newest PSS version', async () => {
    const { stdout } = await run([
      'evaluate',
      '--pss',
      'baseline',
      '--pod',
      WEB,
      '--format',
      'json',
    ]);
    expect(jsonLines(stdout)[0]).toMatchObject({
      allowed: true,
      policy: expect.stringMatching(/^baseline@v1\.\d+$/),
      reasons: [],
    });
  });

  it('with --policies and --pss, adds the PSS verdict and allows only if both allow', async () => {
    const { code, stdout } = await run([
      'evaluate',
      '--policies',
      SAMPLES,
      '--pss',
      'restricted@v1.25',
      '--pod',
      WEB,
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    const [line] = jsonLines(stdout);
    expect(line).toMatchObject({
      source: WEB,
      allowed: false,
      policy: 'eks.restrictive',
      mutated: true,
      reasons: [],
      pss: { allowed: false, policy: 'restricted@v1.25', mutated: false },
    });
    expect(Object.keys(line ?? {})).toEqual([
      'source',
      'pod',
      'allowed',
      'policy',
      'mutated',
      'reasons',
      'pss',
    ]);
  });

  it.each([
    {
      name: 'a missing file',
      args: () => ['--policies', SAMPLES, '--pod', file('nope.yaml')],
      stderr: () => `psp-audit evaluate: ${file('nope.yaml')}: no such file or directory\n`,
    },
    {
      name: 'a Pod without spec',
      args: () => ['--policies', SAMPLES, '--pod', file('no-spec.yaml')],
      stderr: () => `psp-audit evaluate: ${file('no-spec.yaml')} (Pod "bare"): spec is required\n`,
    },
    {
      name: 'a policy with an unknown rule',
      args: () => ['--policies', file('bad-rule.yaml'), '--pod', WEB],
      stderr: () =>
        `psp-audit evaluate: ${file('bad-rule.yaml')} (PodSecurityPolicy "p"): spec.runAsUser.rule must be one of MustRunAs, MustRunAsNonRoot, RunAsAny, got "Whatever"\n`,
    },
    {
      name: 'no --pod',
      args: () => ['--policies', SAMPLES],
      stderr: () => 'psp-audit evaluate: --pod PATH is required (see --help)\n',
    },
    {
      name: 'neither --policies nor --pss',
      args: () => ['--pod', WEB],
      stderr: () =>
        'psp-audit evaluate: --policies PATH or --pss LEVEL[@VERSION] is required (see --help)\n',
    },
    {
      name: 'a bad --format',
      args: () => ['--policies', SAMPLES, '--pod', WEB, '--format', 'xml'],
      stderr: () => 'psp-audit evaluate: --format must be text or json, got "xml"\n',
    },
    {
      name: 'a bad --operation',
      args: () => ['--policies', SAMPLES, '--pod', WEB, '--operation', 'delete'],
      stderr: () => 'psp-audit evaluate: --operation must be create or update, got "delete"\n',
    },
    {
      name: 'a pod path with no Pod',
      args: () => ['--policies', SAMPLES, '--pod', `${SAMPLES}/eks-privileged.yaml`],
      stderr: () => `psp-audit evaluate: no Pod found in --pod ${SAMPLES}/eks-privileged.yaml\n`,
    },
  ])('exits 2 with one line on stderr for $name', async ({ args, stderr }) => {
    const result = await run(['evaluate', ...args()]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: stderr() });
  });

  it.each([
    {
      name: 'invalid YAML',
      args: () => ['--policies', SAMPLES, '--pod', file('broken.yaml')],
      pattern:
        /^psp-audit evaluate: .*broken\.yaml: document 1: invalid YAML at line \d+, column \d+: .+\n$/,
    },
    {
      name: 'an unknown flag',
      args: () => ['--pods', WEB],
      pattern: /^psp-audit evaluate: Unknown option '--pods'.*\(see --help\)\n$/,
    },
    {
      name: 'an unknown PSS level, listing the valid ones',
      args: () => ['--pss', 'strict', '--pod', WEB],
      pattern: /^psp-audit evaluate: .*privileged, baseline, restricted.*v1\.25.*\n$/,
    },
  ])('exits 2 with one line on stderr for $name', async ({ args, pattern }) => {
    const result = await run(['evaluate', ...args()]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints its help with exit 0', async () => {
    const { code, stdout } = await run(['evaluate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: psp-audit evaluate --policies PATH/);
    expect(stdout).toContain('--pss LEVEL[@V]');
  });

  it('sets the exit status of the real command: 0 allowed, 1 denied, 2 bad input', async () => {
    const exec = promisify(execFile);
    const cli = (args: string[]) =>
      exec(process.execPath, ['lib/cli/psp-audit.mjs', 'evaluate', ...args], { cwd: ROOT }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({
          code: e.code,
          stdout: e.stdout,
          stderr: e.stderr,
        }),
      );
    const [allowed, denied, bad] = await Promise.all([
      cli([
        '--policies',
        SAMPLES,
        '--pod',
        WEB,
        '--user',
        'u',
        '--group',
        'system:authenticated',
        '--format',
        'json',
      ]),
      cli(['--policies', SAMPLES, '--pod', AGENT, '--format', 'json']),
      cli(['--policies', SAMPLES, '--pod', 'no/such/pod.yaml']),
    ]);
    expect(allowed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(allowed.stdout)).toMatchObject({ allowed: true, policy: 'eks.privileged' });
    expect(denied).toMatchObject({ code: 1, stderr: '' });
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr: 'psp-audit evaluate: no/such/pod.yaml: no such file or directory\n',
    });
  });
});
