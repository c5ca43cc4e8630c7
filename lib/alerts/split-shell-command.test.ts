import { describe, expect, it } from 'vitest';
import { splitShellCommand } from './split-shell-command.ts';

describe('Function: splitShellCommand', () => {
  it.each([
    { script: 'cat /etc/shadow', words: [['cat', '/etc/shadow']] },
    {
      script: 'tar cf - /tmp/foo | tail -c+1',
      words: [
        ['tar', 'cf', '-', '/tmp/foo'],
        ['tail', '-c+1'],
      ],
    },
    {
      script: 'cd / && cat \'a b\' "c\\"d"; ls',
      words: [['cd', '/'], ['cat', 'a b', 'c"d'], ['ls']],
    },
    { script: 'FOO=1 BAR=2 env # comment /etc/shadow\nid', words: [['env'], ['id']] },
    {
      script: 'if test -f /etc/shadow; then cat /etc/shadow; fi',
      words: [
        ['test', '-f', '/etc/shadow'],
        ['cat', '/etc/shadow'],
      ],
    },
    { script: 'cat $(find / -name id_rsa)', words: [['cat'], ['find', '/', '-name', 'id_rsa']] },
    { script: 'echo `cat /etc/shadow`', words: [['echo'], ['cat', '/etc/shadow']] },
    { script: 'a\\ b c', words: [['a b', 'c']] },
    { script: "echo 'unterminated", words: [['echo', 'unterminated']] },
  ])('$script', ({ script, words }) => {
    expect(splitShellCommand(script).map((command) => command.words)).toEqual(words);
  });

  it('separates redirections from arguments', () => {
    expect(splitShellCommand('echo x >> /etc/passwd 2>&1 < /etc/shadow')).toEqual([
      {
        words: ['echo', 'x'],
        redirects: [
          { direction: 'write', target: '/etc/passwd' },
          { direction: 'read', target: '/etc/shadow' },
        ],
      },
    ]);
    expect(splitShellCommand('cat > /root/.ssh/authorized_keys <<EOF')[0]?.redirects).toEqual([
      { direction: 'write', target: '/root/.ssh/authorized_keys' },
    ]);
    expect(splitShellCommand('cmd &> /etc/x')[0]?.redirects).toEqual([
      { direction: 'write', target: '/etc/x' },
    ]);
  });
});
