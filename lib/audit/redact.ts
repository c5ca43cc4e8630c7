/**
 * Redaction of secret values before anything is stored, logged or sent (eks-audit-events.md §8.22,
 * kubernetes #97795): env values, container args and exec arguments that carry passwords or
 * tokens, the `last-applied-configuration` copy of the spec. Detection runs on the original;
 * only redacted copies leave the core.
 */
import type { Pod } from '../k8s.ts';
import { isObject } from './parse-audit-event.ts';

export const REDACTED = '[REDACTED]';

/** Names that announce a secret: `--password`, `DB_PASS`, `api-key`, `X-Auth-Token`. */
const SECRET_NAME =
  /pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential|basic[-_]?auth|session[-_]?key|signature/i;

const FLAG_WITH_VALUE = /^(-{1,2}[A-Za-z0-9_.-]+)([=:])(.*)$/s;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s;
const SECRET_FLAG = /^-{1,2}[A-Za-z0-9_.-]+$/;
const MYSQL_CLIENTS = new Set(['mysql', 'mysqldump', 'mysqladmin', 'mariadb', 'mariadb-dump']);
const USER_FLAGS = new Set(['-u', '--user', '--proxy-user']);

/** Secrets recognisable by their form wherever they appear in a text. */
const TEXT_RULES: readonly [RegExp, string][] = [
  // -----BEGIN … PRIVATE KEY----- blocks.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // user:password@ in URLs.
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]+@/gi, `$1:${REDACTED}@`],
  // Authorization: Bearer / Basic credentials.
  [/\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1$2${REDACTED}`],
  // AWS access key ids.
  [/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g, REDACTED],
  // JWTs (service-account tokens, OIDC tokens).
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // --password value / --password=value / PASSWORD=value / password: value inside scripts.
  [
    /((?:^|[\s;&|('"`])-{0,2}[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential)[A-Za-z0-9_.-]*)(\s*[=:]\s*|\s+)("[^"]*"|'[^']*'|[^\s;&|'"`)]+)/gi,
    `$1$2${REDACTED}`,
  ],
  // mysql -p<password> inside scripts.
  [/(\bmysql(?:dump|admin)?\b[^;&|\n]*?\s-p)(?!\s)(\S+)/g, `$1${REDACTED}`],
];

/** A text with every recognisable secret replaced. */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of TEXT_RULES) result = result.replace(pattern, replacement);
  return result;
}

/**
 * An argument vector with secret values replaced: `--password=x`, `--token x`, `KEY=x`, curl's
 * `-u user:x`, mysql's `-px`, and anything `redactText` recognises (a `sh -c` script included).
 */
export function redactArgs(argv: readonly string[]): string[] {
  const program = baseName(argv[0] ?? '');
  const result: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = String(argv[i]);
    const previous = i > 0 ? String(argv[i - 1]) : '';
    if (i > 0 && SECRET_FLAG.test(previous) && SECRET_NAME.test(previous)) {
      result.push(REDACTED);
      continue;
    }
    if (i > 0 && USER_FLAGS.has(previous) && arg.includes(':')) {
      result.push(`${arg.slice(0, arg.indexOf(':'))}:${REDACTED}`);
      continue;
    }
    if (MYSQL_CLIENTS.has(program) && /^-p.+/.test(arg)) {
      result.push(`-p${REDACTED}`);
      continue;
    }
    result.push(redactArg(arg));
  }
  return result;
}

function redactArg(arg: string): string {
  if (/\s/.test(arg)) return redactText(arg); // a script or a sentence, not one flag
  const flag = FLAG_WITH_VALUE.exec(arg);
  if (flag !== null && SECRET_NAME.test(flag[1] ?? '')) return `${flag[1]}${flag[2]}${REDACTED}`;
  const assignment = ASSIGNMENT.exec(arg);
  if (assignment !== null && SECRET_NAME.test(assignment[1] ?? '')) {
    return `${assignment[1]}=${REDACTED}`;
  }
  return redactText(arg);
}

/**
 * A copy of the pod with every env value, the secret-looking command and args, and the
 * `last-applied-configuration` annotation redacted. Nothing an evaluator reads changes.
 * Any shape is accepted: what is not an object or an array is left as it is.
 */
export function redactPod(pod: Pod): Pod {
  const copy = structuredClone(pod) as Pod;
  const metadata = copy.metadata as Record<string, unknown> | undefined;
  if (isObject(metadata) && isObject(metadata.annotations)) {
    const annotations = metadata.annotations;
    for (const key of Object.keys(annotations)) {
      if (key === 'kubectl.kubernetes.io/last-applied-configuration' || SECRET_NAME.test(key)) {
        annotations[key] = REDACTED;
      }
    }
  }
  const spec = copy.spec as Record<string, unknown> | undefined;
  if (!isObject(spec)) return copy;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) if (isObject(container)) redactContainer(container);
  }
  return copy;
}

function redactContainer(container: Record<string, unknown>): void {
  if (Array.isArray(container.env)) {
    for (const variable of container.env) {
      if (isObject(variable) && typeof variable.value === 'string') variable.value = REDACTED;
    }
  }
  for (const key of ['command', 'args']) {
    const argv = container[key];
    if (Array.isArray(argv) && argv.every((arg) => typeof arg === 'string')) {
      container[key] = redactArgs(argv as string[]);
    }
  }
}

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}
