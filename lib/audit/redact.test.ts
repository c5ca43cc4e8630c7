import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s.ts';
import { REDACTED, redactArgs, redactPod, redactText } from './redact.ts';

const R = REDACTED;

describe('Function: redactArgs', () => {
  it.each([
    { argv: ['cat', '/etc/shadow'], expected: ['cat', '/etc/shadow'] },
    { argv: ['app', '--password=hunter2'], expected: ['app', `--password=${R}`] },
    {
      argv: ['app', '--db-password', 'hunter2', '-v'],
      expected: ['app', '--db-password', R, '-v'],
    },
    { argv: ['app', '--token', 'abc'], expected: ['app', '--token', R] },
    {
      argv: ['env', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI', 'aws', 's3', 'ls'],
      expected: ['env', `AWS_SECRET_ACCESS_KEY=${R}`, 'aws', 's3', 'ls'],
    },
    {
      argv: ['mysql', '-uroot', '-pS3cr3t!', '-e', 'select 1'],
      expected: ['mysql', '-uroot', `-p${R}`, '-e', 'select 1'],
    },
    {
      argv: ['curl', '-u', 'admin:hunter2', 'https://x'],
      expected: ['curl', '-u', `admin:${R}`, 'https://x'],
    },
    {
      argv: ['psql', 'postgresql://app:hunter2@db:5432/app'],
      expected: ['psql', `postgresql://app:${R}@db:5432/app`],
    },
    {
      argv: ['curl', '-H', 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
      expected: ['curl', '-H', `Authorization: Bearer ${R}`],
    },
    {
      argv: ['aws', 'configure', 'set', 'aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE'],
      expected: ['aws', 'configure', 'set', 'aws_access_key_id', R],
    },
    {
      argv: ['sh', '-c', 'PGPASSWORD=hunter2 psql -h db && echo --token abc'],
      expected: ['sh', '-c', `PGPASSWORD=${R} psql -h db && echo --token ${R}`],
    },
    {
      argv: ['sh', '-c', 'mysql -uroot -phunter2 app'],
      expected: ['sh', '-c', `mysql -uroot -p${R} app`],
    },
    { argv: ['app', '-p', '8080'], expected: ['app', '-p', '8080'] },
  ])('$argv.0 $argv.1 …', ({ argv, expected }) => {
    expect(redactArgs(argv)).toEqual(expected);
  });
});

describe('Function: redactText', () => {
  it('removes a private key block', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
    expect(redactText(`echo "${key}" > /tmp/k`)).toBe(`echo "${R}" > /tmp/k`);
  });
  it('leaves ordinary text alone', () => {
    expect(redactText('tar cf - /root/.kube/config')).toBe('tar cf - /root/.kube/config');
  });
});

describe('Function: redactPod', () => {
  it('redacts env values, secret args and the last-applied copy, and changes nothing else', () => {
    // Prepare
    const pod: Pod = {
      metadata: {
        name: 'p',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"spec":{"env":"x"}}',
          'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
        },
      },
      spec: {
        containers: [
          {
            name: 'app',
            args: ['--api-key=abc', '--port=8080'],
            env: [
              { name: 'A', value: 'plain' },
              { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
            ],
            securityContext: { privileged: true },
          },
        ],
      },
    };
    const before = structuredClone(pod);
    // Act
    const redacted = redactPod(pod);
    // Assess
    expect(pod).toEqual(before);
    expect(redacted.metadata?.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': R,
      'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
    });
    expect(redacted.spec?.containers[0]).toEqual({
      name: 'app',
      args: [`--api-key=${R}`, '--port=8080'],
      env: [
        { name: 'A', value: R },
        { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ],
      securityContext: { privileged: true },
    });
  });

  it('accepts any shape', () => {
    for (const value of [{}, { spec: 1 }, { spec: { containers: [1, null, { env: 'x' }] } }]) {
      expect(() => redactPod(value as Pod)).not.toThrow();
    }
  });
});
