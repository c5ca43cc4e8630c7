import { describe, expect, it } from 'vitest';
import { classifyCommandPath, classifyHostPath, normalizeHostPath } from './sensitive-paths.ts';

describe('Function: normalizeHostPath', () => {
  it.each([
    ['/', '/'],
    ['/etc/', '/etc'],
    ['//etc//kubernetes/', '/etc/kubernetes'],
    ['/etc/./kubernetes/../shadow', '/etc/shadow'],
    ['/../../etc', '/etc'],
    ['/var/run/docker.sock', '/run/docker.sock'],
    ['/var/run', '/run'],
    ['/var/run/../lib/kubelet', '/var/lib/kubelet'],
    ['etc', '/etc'],
  ])('%s → %s', (path, expected) => {
    expect(normalizeHostPath(path)).toBe(expected);
  });
});

describe('Function: classifyHostPath', () => {
  it.each([
    // §7.1 list, as written and as the normalisation meets it.
    ['/', 'host-root', 'critical'],
    ['/proc', 'host-system-directory', 'high'],
    ['/proc/', 'host-system-directory', 'high'],
    ['/root', 'host-system-directory', 'high'],
    ['/etc', 'host-system-directory', 'high'],
    ['/etc/', 'host-system-directory', 'high'],
    ['/etc/kubernetes', 'kubernetes-config', 'critical'],
    ['/etc/kubernetes/manifests', 'kubernetes-config', 'critical'],
    ['/home/admin', 'host-system-directory', 'high'],
    ['/var/lib/kubelet', 'kubelet-credentials', 'critical'],
    ['/var/lib/kubelet/pki', 'kubelet-credentials', 'critical'],
    ['/var/run/docker.sock', 'container-runtime-socket', 'critical'],
    ['/run/docker.sock', 'container-runtime-socket', 'critical'],
    ['/var/run/crio/crio.sock', 'container-runtime-socket', 'critical'],
    ['/run/containerd/containerd.sock', 'container-runtime-socket', 'critical'],
    ['/var/run/cri-dockerd.sock', 'container-runtime-socket', 'critical'],
    ['/var', 'host-system-directory', 'high'],
    ['/var/lib/docker/overlay2', 'host-system-directory', 'high'],
    // Ancestors of listed paths expose them.
    ['/run', 'container-runtime-socket', 'critical'],
    ['/var/run', 'container-runtime-socket', 'critical'],
    ['/var/lib', 'kubelet-credentials', 'critical'],
    ['/var/lib/docker', 'host-system-directory', 'high'],
    ['/home', 'host-system-directory', 'high'],
    ['/run/containerd', 'container-runtime-socket', 'critical'],
    // Inside credential trees.
    ['/proc/1/root', 'host-system-directory', 'high'],
    ['/root/.ssh', 'host-system-directory', 'high'],
    ['/var/lib/kubelet/pods', 'kubelet-credentials', 'critical'],
    ['/etc/kubernetes/admin.conf', 'kubernetes-config', 'critical'],
    ['/run/containerd/io.containerd.runtime.v2.task', 'container-runtime-socket', 'critical'],
    // Below /etc only the credential files.
    ['/etc/shadow', 'credential-file', 'high'],
    ['/etc/sudoers.d/90-cloud-init-users', 'credential-file', 'high'],
    ['/etc/pam.d', 'credential-file', 'high'],
    ['/etc/security/pwquality.conf', 'credential-file', 'high'],
    ['/etc//./shadow', 'credential-file', 'high'],
  ])('%s is sensitive (%s, %s)', (path, category, severity) => {
    expect(classifyHostPath(path)).toMatchObject({ category, severity });
  });

  it.each([
    '/etc/cni/net.d',
    '/etc/machine-id',
    '/etc/ssl/certs',
    '/etc/pki',
    '/var/log',
    '/var/log/pods',
    '/var/lib/docker/containers',
    '/run/xtables.lock',
    '/usr/local',
    '/opt/cni/bin',
    '/sys',
    '/lib/modules',
    '/dev',
    '/etc/kubernetesx',
    '/var/lib/kubeletx',
  ])('%s is not sensitive', (path) => {
    expect(classifyHostPath(path)).toBeNull();
  });
});

describe('Function: classifyCommandPath', () => {
  it.each([
    ['/etc/shadow', 'read', 'credential-file'],
    ['/etc/gshadow', 'read', 'credential-file'],
    ['/etc/sudoers.d/admins', 'read', 'credential-file'],
    ['/etc', 'read', 'system-directory'],
    ['/etc/', 'read', 'system-directory'],
    ['/', 'read', 'system-directory'],
    ['/root', 'read', 'system-directory'],
    ['/var/run/secrets/kubernetes.io/serviceaccount/token', 'read', 'service-account-token'],
    ['/run/secrets/kubernetes.io/serviceaccount', 'read', 'service-account-token'],
    ['/var/run/secrets', 'read', 'service-account-token'],
    ['/var/run/secrets/kubernetes.io/serviceaccount/*', 'read', 'service-account-token'],
    ['/var/run/secrets/eks.amazonaws.com/serviceaccount/token', 'read', 'service-account-token'],
    [
      '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
      'read',
      'service-account-token',
    ],
    ['/root/.ssh/id_rsa', 'read', 'ssh-material'],
    ['/home/ec2-user/.ssh/authorized_keys', 'read', 'ssh-material'],
    ['id_ed25519', 'read', 'ssh-material'],
    ['/root/.aws/credentials', 'read', 'cloud-credentials'],
    ['~/.aws/credentials', 'read', 'cloud-credentials'],
    ['$HOME/.aws', 'read', 'cloud-credentials'],
    ['/root/.kube/config', 'read', 'kubeconfig'],
    ['/var/lib/kubelet/kubeconfig', 'read', 'kubelet-credentials'],
    ['/etc/kubernetes/admin.conf', 'read', 'kubernetes-config'],
    ['prod.kubeconfig', 'read', 'kubeconfig'],
    ['/proc/1/environ', 'read', 'process-environment'],
    ['/proc/self/environ', 'read', 'process-environment'],
    ['/root/.bash_history', 'read', 'shell-history'],
    ['/host/etc/shadow', 'read', 'credential-file'],
    ['/host', 'read', 'system-directory'],
    ['/host/root/.ssh/id_rsa', 'read', 'ssh-material'],
    ['/etc/cron.d', 'write', 'write-below-etc-or-root'],
    ['/etc/hosts', 'write', 'write-below-etc-or-root'],
    ['/root/.profile', 'write', 'write-below-etc-or-root'],
  ] as const)('%s (%s) is %s', (path, access, category) => {
    expect(classifyCommandPath(path, access)?.category).toBe(category);
  });

  it.each([
    ['/etc/resolv.conf', 'read'],
    ['/etc/hosts', 'read'],
    ['/etc/nginx/nginx.conf', 'read'],
    ['/root/app.py', 'read'],
    ['/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', 'read'],
    ['/app/config.yaml', 'read'],
    ['/tmp', 'write'],
    ['/var/log/app.log', 'read'],
    ['/hostname', 'read'],
    ['', 'read'],
  ] as const)('%s (%s) is not sensitive', (path, access) => {
    expect(classifyCommandPath(path, access)).toBeNull();
  });
});
