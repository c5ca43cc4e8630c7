import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.ts';

const root = resolve(import.meta.dirname, '../..');
const falco = resolve(root, '../shared/conformance/falco-k8saudit');
const restrictive = join(root, 'lib/psp/samples/eks-restrictive.yaml');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr, lines: stdout.split('\n').filter((line) => line !== '') };
}

let dir: string;
let privileged: string;
let sensitiveMount: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psp-audit-replay-'));
  privileged = (await readFile(join(falco, 'create_nginx_pod_privileged.json'), 'utf8')).trim();
  sensitiveMount = (
    await readFile(join(falco, 'create_nginx_pod_sensitive_mount.json'), 'utf8')
  ).trim();
});

async function input(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('psp-audit replay', () => {
  it('prints one JSON finding per line for JSON-lines input, with PSP reasons and field paths', async () => {
    // Prepare
    const path = await input('events.jsonl', `${privileged}\n${sensitiveMount}\n`);
    // Act
    const result = await run([
      'replay',
      '--policies',
      restrictive,
      '--input',
      path,
      '--format',
      'json',
    ]);
    // Assess
    expect(result.code).toBe(0);
    const findings = result.lines.map((line) => JSON.parse(line));
    expect(findings.map((f) => `${f.auditID}:${f.type}`)).toEqual([
      'a362d22b-db3c-4590-9505-23782f12925f:psp-violation',
      'a362d22b-db3c-4590-9505-23782f12925f:pss-violation',
      'e456c9cf-9abe-4fa1-8526-e014da96821b:psp-violation',
      'e456c9cf-9abe-4fa1-8526-e014da96821b:pss-violation',
      'e456c9cf-9abe-4fa1-8526-e014da96821b:sensitive-file',
    ]);
    const psp = findings[0];
    expect(psp).toMatchObject({
      namespace: 'default',
      pod: 'nginx-deployment-5cdcc99dbf-rgw6z',
      user: 'system:serviceaccount:kube-system:replicaset-controller',
    });
    expect(psp.reasons).toContainEqual({
      policy: 'eks.restrictive',
      field: 'spec.containers[0].securityContext.privileged',
      message: 'Privileged containers are not allowed (container "nginx")',
    });
    expect(result.stderr).toContain('5 findings; events 2, pod events 2, evaluated 2');
  });

  it('reads a saved CloudWatch Logs subscription payload and takes the cluster from its log group', async () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '111122223333',
      logGroup: '/aws/eks/prod-eu/cluster',
      logStream: 'kube-apiserver-audit-0123456789abcdef0123456789abcdef',
      subscriptionFilters: ['psp-audit'],
      logEvents: [{ id: '1', timestamp: 1, message: privileged }],
    };
    const data = gzipSync(JSON.stringify(payload)).toString('base64');
    const path = await input('payload.json', JSON.stringify({ awslogs: { data } }));
    const result = await run(['replay', '--input', path, '--format', 'json', '--pss', 'baseline']);
    expect(result.code).toBe(0);
    const findings = result.lines.map((line) => JSON.parse(line));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      type: 'pss-violation',
      cluster: 'prod-eu',
      pss: 'baseline@v1.37',
    });
  });

  it('reads `aws logs filter-log-events` output and ignores streams that are not the audit log', async () => {
    const output = {
      events: [
        {
          logStreamName: 'kube-apiserver-audit-aa',
          timestamp: 1,
          message: privileged,
          eventId: 'e1',
        },
        {
          logStreamName: 'authenticator-bb',
          timestamp: 2,
          message: 'time="…" level=info',
          eventId: 'e2',
        },
      ],
      searchedLogStreams: [],
    };
    const path = await input('filter.json', JSON.stringify(output));
    const result = await run(['replay', '--input', path, '--cluster', 'c1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'pss-violation  high     default/nginx-deployment-5cdcc99dbf-rgw6z',
    );
    expect(result.stdout).toContain('1 finding; events 1, pod events 1');
  });

  it('counts a malformed line, names it on stderr, and keeps the good events', async () => {
    const path = await input('mixed.jsonl', `{"kind": 0}\n${privileged}\n{"truncated": \n`);
    const result = await run(['replay', '--input', path, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.lines).toHaveLength(1);
    expect(result.stderr).toMatch(/skipped .*mixed\.jsonl:1: /);
    expect(result.stderr).toMatch(/skipped .*mixed\.jsonl:3: /);
    expect(result.stderr).toContain('malformed 2');
  });

  it.each([
    {
      name: 'a missing input file',
      args: ['--input', '/nonexistent/audit.jsonl'],
      message: 'cannot read --input /nonexistent/audit.jsonl: no such file',
    },
    { name: 'no --input', args: [], message: '--input FILE is required' },
    { name: 'an unknown PSS level', args: ['--input', 'x', '--pss', 'strict'], message: 'strict' },
    {
      name: 'an unknown format',
      args: ['--input', 'x', '--format', 'yaml'],
      message: '--format must be text or json, got "yaml"',
    },
  ])('exits 2 with a one-line message for $name', async ({ args, message }) => {
    const result = await run(['replay', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});
