/**
 * Which host paths and which files inside a container are sensitive (eks-audit-events.md §7).
 * hostPath volumes follow §7.1: normalise, then a listed path or an ancestor of one, anything
 * inside a credential tree, and below /etc only the credential files — so the VPC CNI's
 * /etc/cni/net.d or a log shipper's /var/log raise nothing. Exec and cp arguments follow §7.2.
 */
import type { Severity } from '../findings.ts';

export type SensitiveCategory =
  | 'host-root'
  | 'host-system-directory'
  | 'container-runtime-socket'
  | 'kubelet-credentials'
  | 'kubernetes-config'
  | 'credential-file'
  | 'system-directory'
  | 'service-account-token'
  | 'ssh-material'
  | 'cloud-credentials'
  | 'kubeconfig'
  | 'process-environment'
  | 'shell-history'
  | 'credential-search'
  | 'write-below-etc-or-root';

export interface PathVerdict {
  category: SensitiveCategory;
  severity: Severity;
  /** What it is, for people: `container runtime socket`. */
  label: string;
}

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** The highest severity of a list (`low` when empty). */
export function highestSeverity(items: readonly { severity: Severity }[]): Severity {
  return items.reduce<Severity>((max, item) => maxSeverity(max, item.severity), 'low');
}

/**
 * Collapses `//`, drops `.`, resolves `..` (never above `/`), strips a trailing `/`, and reads
 * `/var/run/…` as `/run/…` (a symlink on the EKS node images). Relative input is taken from `/`.
 */
export function normalizeHostPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  if (segments[0] === 'var' && segments[1] === 'run') segments.splice(0, 2, 'run');
  return `/${segments.join('/')}`;
}

const verdict = (category: SensitiveCategory, severity: Severity, label: string): PathVerdict => ({
  category,
  severity,
  label,
});

const RUNTIME_SOCKET = verdict('container-runtime-socket', 'critical', 'container runtime socket');
const KUBELET = verdict('kubelet-credentials', 'critical', 'kubelet credentials');
const KUBERNETES = verdict('kubernetes-config', 'critical', 'Kubernetes configuration');
const CREDENTIAL_FILE = verdict('credential-file', 'high', 'system credential file');

/** §7.1 list, normalised (`/var/run/x` written as `/run/x`). */
const LISTED_HOST_PATHS: ReadonlyMap<string, PathVerdict> = new Map([
  ['/', verdict('host-root', 'critical', 'host root filesystem')],
  ['/proc', verdict('host-system-directory', 'high', 'host /proc')],
  ['/root', verdict('host-system-directory', 'high', "host root user's home")],
  ['/etc', verdict('host-system-directory', 'high', 'host /etc')],
  ['/etc/kubernetes', KUBERNETES],
  ['/etc/kubernetes/manifests', KUBERNETES],
  ['/home/admin', verdict('host-system-directory', 'high', 'host admin home')],
  ['/var/lib/kubelet', KUBELET],
  ['/var/lib/kubelet/pki', KUBELET],
  ['/run/docker.sock', RUNTIME_SOCKET],
  ['/run/crio/crio.sock', RUNTIME_SOCKET],
  ['/run/containerd/containerd.sock', RUNTIME_SOCKET],
  ['/run/cri-dockerd.sock', RUNTIME_SOCKET],
  ['/var', verdict('host-system-directory', 'high', 'host /var')],
  ['/var/lib/docker/overlay2', verdict('host-system-directory', 'high', 'container filesystems')],
]);

/** §7.1 rule 3: everything inside these exposes credentials or the runtime. */
const CREDENTIAL_TREES: readonly [string, PathVerdict][] = [
  ['/proc', verdict('host-system-directory', 'high', 'host /proc')],
  ['/root', verdict('host-system-directory', 'high', "host root user's home")],
  ['/home/admin', verdict('host-system-directory', 'high', 'host admin home')],
  ['/var/lib/kubelet', KUBELET],
  ['/etc/kubernetes', KUBERNETES],
  ['/var/lib/docker/overlay2', verdict('host-system-directory', 'high', 'container filesystems')],
  ['/run/containerd', RUNTIME_SOCKET],
  ['/run/crio', RUNTIME_SOCKET],
];

/** Credential files below /etc (exact, or anything inside the directories). */
const ETC_CREDENTIAL_FILES = [
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/pam.conf',
  '/etc/security/pwquality.conf',
];
const ETC_CREDENTIAL_DIRS = ['/etc/sudoers.d', '/etc/pam.d'];

/** Sensitivity of a hostPath volume's path, or null. */
export function classifyHostPath(path: string): PathVerdict | null {
  const normalized = normalizeHostPath(path);
  const listed = LISTED_HOST_PATHS.get(normalized);
  if (listed !== undefined) return listed;
  let ancestor: PathVerdict | null = null;
  for (const [listedPath, listedVerdict] of LISTED_HOST_PATHS) {
    if (!isInside(listedPath, normalized)) continue;
    if (
      ancestor !== null &&
      maxSeverity(ancestor.severity, listedVerdict.severity) === ancestor.severity
    ) {
      continue;
    }
    ancestor = {
      category: listedVerdict.category,
      severity: listedVerdict.severity,
      label: `host ${normalized}, which holds ${listedPath}`,
    };
  }
  if (ancestor !== null) return ancestor;
  for (const [tree, treeVerdict] of CREDENTIAL_TREES) {
    if (isInside(normalized, tree)) return treeVerdict;
  }
  return isEtcCredential(normalized) ? CREDENTIAL_FILE : null;
}

/** Access of a command to a path named in its arguments. */
export type PathAccess = 'read' | 'write';

/** Mount prefixes through which a container sees the node's filesystem (node debugger, …). */
const HOST_MOUNT_PREFIXES = ['/host', '/hostfs', '/host-root', '/rootfs'];

const SERVICE_ACCOUNT_TOKENS = [
  '/run/secrets/kubernetes.io/serviceaccount/token',
  '/run/secrets/eks.amazonaws.com/serviceaccount/token',
  '/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
];
const SSH_KEY_NAMES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'authorized_keys']);
const HISTORY_FILES = new Set([
  '.bash_history',
  '.zsh_history',
  '.sh_history',
  '.ash_history',
  '.history',
  '.python_history',
  '.mysql_history',
  '.psql_history',
  '.node_repl_history',
]);
const SENSITIVE_DIRECTORIES = new Set(['/', '/etc', '/root']);
const NOT_SENSITIVE = new Set(['/etc/resolv.conf', '/etc/hosts', '/etc/hostname']);

const SA_TOKEN = verdict('service-account-token', 'critical', 'service-account token');
const SSH = verdict('ssh-material', 'high', 'SSH keys');
const CLOUD = verdict('cloud-credentials', 'critical', 'cloud credentials');
const KUBECONFIG = verdict('kubeconfig', 'critical', 'kubeconfig');

/**
 * Sensitivity of a path named by an exec / cp command, read or written, or null. Absolute paths
 * are normalised; a path behind a host mount prefix (`/host/etc/shadow`) is judged as the
 * node's path too. Bare names (`id_rsa`, `.aws/credentials`) count as they are.
 */
export function classifyCommandPath(path: string, access: PathAccess): PathVerdict | null {
  if (path === '') return null;
  if (!path.startsWith('/')) return classifyRelative(path);
  const normalized = normalizeHostPath(path);
  const direct = classifyAbsolute(normalized, access);
  if (direct !== null) return direct;
  for (const prefix of HOST_MOUNT_PREFIXES) {
    if (!isInside(normalized, prefix)) continue;
    const onNode = classifyAbsolute(normalizeHostPath(normalized.slice(prefix.length)), access);
    if (onNode !== null) return { ...onNode, label: `${onNode.label} of the node` };
  }
  return null;
}

function classifyAbsolute(path: string, access: PathAccess): PathVerdict | null {
  if (NOT_SENSITIVE.has(path) && access === 'read') return null;
  if (isEtcCredential(path)) return CREDENTIAL_FILE;
  if (isServiceAccountToken(path)) return SA_TOKEN;
  if (/^\/proc\/[^/]+\/environ$/.test(path)) {
    return verdict('process-environment', 'high', 'process environment');
  }
  if (isInside(path, '/var/lib/kubelet')) return KUBELET;
  if (isInside(path, '/etc/kubernetes')) return KUBERNETES;
  const relative = classifyRelative(path);
  if (relative !== null) return relative;
  if (access === 'write' && (isInside(path, '/etc') || isInside(path, '/root'))) {
    return verdict('write-below-etc-or-root', 'high', `write below ${path.split('/')[1]}`);
  }
  if (access === 'read' && SENSITIVE_DIRECTORIES.has(path)) {
    return verdict('system-directory', 'high', `whole ${path} directory`);
  }
  return null;
}

/** Rules that hold wherever the file is: SSH, cloud credentials, kubeconfigs, shell history. */
function classifyRelative(path: string): PathVerdict | null {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const base = segments[segments.length - 1] ?? '';
  if (segments.includes('.ssh') || SSH_KEY_NAMES.has(base)) return SSH;
  if (hasSequence(segments, ['.aws', 'credentials']) || base === '.aws') return CLOUD;
  if (hasSequence(segments, ['.config', 'gcloud']) || segments.includes('.azure')) return CLOUD;
  if (hasSequence(segments, ['.docker', 'config.json'])) {
    return verdict('cloud-credentials', 'high', 'registry credentials');
  }
  if (hasSequence(segments, ['.kube', 'config']) || base === '.kube') return KUBECONFIG;
  if (base === 'kubeconfig' || base.endsWith('.kubeconfig')) return KUBECONFIG;
  if (HISTORY_FILES.has(base)) return verdict('shell-history', 'medium', 'shell history');
  return null;
}

function isServiceAccountToken(path: string): boolean {
  if (!isInside(path, '/run/secrets')) return false;
  const globbed = /[*?[]/.test(path);
  return SERVICE_ACCOUNT_TOKENS.some((token) => {
    if (isInside(token, path)) return true; // the token itself or a directory holding it
    if (!globbed) return false;
    const slash = path.lastIndexOf('/');
    return token.startsWith(`${path.slice(0, slash)}/`);
  });
}

function isEtcCredential(path: string): boolean {
  return (
    ETC_CREDENTIAL_FILES.includes(path) || ETC_CREDENTIAL_DIRS.some((dir) => isInside(path, dir))
  );
}

/** `path` is `dir` or below it. */
export function isInside(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path === dir || path.startsWith(`${dir}/`);
}

function hasSequence(segments: readonly string[], sequence: readonly string[]): boolean {
  for (let i = 0; i + sequence.length <= segments.length; i += 1) {
    if (sequence.every((part, j) => segments[i + j] === part)) return true;
  }
  return false;
}
