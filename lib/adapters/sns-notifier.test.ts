import { describe, expect, it } from 'vitest';
import type { Finding } from '../findings.ts';
import { renderAlertText } from './sns-notifier.ts';

const finding: Finding = {
  id: 'a1:sensitive-file',
  type: 'sensitive-file',
  severity: 'critical',
  cluster: 'prod',
  namespace: 'default',
  pod: 'web-1',
  workload: null,
  user: 'alice',
  serviceAccount: 'default',
  admittedBy: null,
  action: 'exec',
  time: '2026-11-26T10:00:00.000Z',
  auditID: 'a1',
  policySetVersion: null,
  summary: 'alice ran cat /etc/shadow in default/web-1',
  reasons: [{ field: 'command', message: 'reads /etc/shadow' }],
  details: { command: ['cat', '/etc/shadow'] },
};

describe('Function: renderAlertText', () => {
  it('renders the summary, the known facts, the reasons and the details', () => {
    expect(renderAlertText(finding)).toBe(
      [
        'alice ran cat /etc/shadow in default/web-1',
        '',
        'Severity: critical',
        'Type: sensitive-file',
        'Cluster: prod',
        'Namespace: default',
        'Pod: web-1',
        'User: alice',
        'Service account: default',
        'Action: exec',
        'Time: 2026-11-26T10:00:00.000Z',
        'Audit ID: a1',
        'Finding: a1:sensitive-file',
        '',
        'Reasons:',
        '- command: reads /etc/shadow',
        '',
        'Details:',
        '{\n  "command": [\n    "cat",\n    "/etc/shadow"\n  ]\n}',
      ].join('\n'),
    );
  });

  it('names the policy or check a reason comes from', () => {
    const text = renderAlertText({
      ...finding,
      reasons: [
        { policy: 'restricted', field: 'spec.hostPID', message: 'hostPID is not allowed' },
        { check: 'hostNamespaces', field: 'spec.hostPID', message: 'hostPID=true' },
      ],
      details: {},
    });

    expect(text.split('Reasons:\n')[1]).toBe(
      '- spec.hostPID: hostPID is not allowed (restricted)\n- spec.hostPID: hostPID=true (hostNamespaces)',
    );
  });
});
