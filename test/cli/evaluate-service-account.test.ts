/**
 * `psp-audit evaluate` judges a created pod as the ServiceAccount admission plugin hands it on to
 * PSP (token volume and mounts added), unless `--as-written`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const POLICY = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata: {name: config-only}
spec:
  volumes: [configMap, emptyDir]
  runAsUser: {rule: RunAsAny}
  seLinux: {rule: RunAsAny}
  supplementalGroups: {rule: RunAsAny}
  fsGroup: {rule: RunAsAny}
`;

const POD = `apiVersion: v1
kind: Pod
metadata: {name: plain, namespace: apps}
spec:
  containers: [{name: app, image: registry.example/app:1}]
`;

const NO_AUTOMOUNT_POD = `apiVersion: v1
kind: Pod
metadata: {name: quiet, namespace: apps}
spec:
  automountServiceAccountToken: false
  containers: [{name: app, image: registry.example/app:1}]
`;

const TOKEN_REASON = {
  policy: 'config-only',
  field: 'spec.volumes[0]',
  message: 'projected volumes are not allowed to be used (volume "kube-api-access-emulated")',
};

describe('Command: psp-audit evaluate and the ServiceAccount admission plugin', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'psp-audit-evaluate-sa-'));
    await writeFile(file('policy.yaml'), POLICY);
    await writeFile(file('pod.yaml'), POD);
    await writeFile(file('quiet.yaml'), NO_AUTOMOUNT_POD);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const base = () => ['evaluate', '--policies', file('policy.yaml'), '--pod', file('pod.yaml')];

  it('on create (the default) a pod with no volumes is denied for the token volume the plugin adds', async () => {
    const { code, stdout, stderr } = await run([...base(), '--format', 'json']);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({
      source: file('pod.yaml'),
      pod: 'apps/plain',
      allowed: false,
      policy: null,
      mutated: false,
      reasons: [TOKEN_REASON],
    });
  });

  it('says the same in text', async () => {
    const { code, stdout } = await run([...base(), '--operation', 'create']);
    expect(code).toBe(1);
    expect(stdout).toBe(
      `${file('pod.yaml')}  apps/plain: DENIED by every usable PodSecurityPolicy:\n` +
        `  config-only: spec.volumes[0]: ${TOKEN_REASON.message}\n` +
        '1 pod: 0 allowed, 1 denied\n',
    );
  });

  it('with --as-written the pod is judged as written and allowed', async () => {
    const { code, stdout, stderr } = await run([...base(), '--as-written', '--format', 'json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({
      source: file('pod.yaml'),
      pod: 'apps/plain',
      allowed: true,
      policy: 'config-only',
      mutated: false,
      reasons: [],
    });
  });

  it('on update the pod is never changed (the plugin acts on create only)', async () => {
    const { code, stdout } = await run([...base(), '--operation', 'update', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ allowed: true, policy: 'config-only', reasons: [] });
  });

  it('a pod with automountServiceAccountToken: false gets no token volume', async () => {
    const { code, stdout } = await run([
      'evaluate',
      '--policies',
      file('policy.yaml'),
      '--pod',
      file('quiet.yaml'),
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ pod: 'apps/quiet', allowed: true, reasons: [] });
  });

  it('documents --as-written in --help', async () => {
    const { code, stdout } = await run(['evaluate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('[--as-written] [--format text|json]');
    expect(stdout).toMatch(/^ {2}--as-written {6}On create, judge the pod exactly as written\./m);
  });

  it('rejects a value given to --as-written as bad usage (exit 2)', async () => {
    const { code, stdout, stderr } = await run([...base(), '--as-written=yes']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(
      /^psp-audit evaluate: Option '--as-written' does not take an argument.*\(see --help\)\n$/,
    );
  });
});
