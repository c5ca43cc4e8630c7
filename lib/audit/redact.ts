/**
 * Redaction of secret values before anything is stored, logged or sent (eks-audit-events.md §8.22,
 * kubernetes #97795): env values, container args and exec arguments that carry passwords or
 * tokens, the `last-applied-configuration` copy of the spec. Detection runs on the original;
 * only redacted copies leave the core.
 */
import type { Pod } from '../k8s.ts';
import { CONTAINER_LISTS } from '../pss/check.ts';
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

/**
 * Secrets recognisable by their form wherever they appear in a text, each behind a cheap test
 * that rules it out for most texts (these run on every reason and argument).
 */
const TEXT_RULES: readonly {
  when: (text: string) => boolean;
  pattern: RegExp;
  replacement: string;
}[] = [
  // -----BEGIN … PRIVATE KEY----- blocks.
  {
    when: (text) => text.includes('PRIVATE KEY'),
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    replacement: REDACTED,
  },
  // user:password@ in URLs.
  {
    when: (text) => text.includes('://') && text.includes('@'),
    pattern: /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]+@/gi,
    replacement: `$1:${REDACTED}@`,
  },
  // Authorization: Bearer / Basic credentials.
  {
    when: (text) => /bearer|basic/i.test(text),
    pattern: /\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
    replacement: `$1$2${REDACTED}`,
  },
  // AWS access key ids.
  {
    when: (text) => /A[KS]IA|AIDA|AROA/.test(text),
    pattern: /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g,
    replacement: REDACTED,
  },
  // JWTs (service-account tokens, OIDC tokens).
  {
    when: (text) => text.includes('eyJ'),
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    replacement: REDACTED,
  },
  // --password value / --password=value / PASSWORD=value / password: value inside scripts.
  {
    when: (text) => SECRET_NAME.test(text),
    pattern:
      /((?:^|[\s;&|('"`])-{0,2}[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential)[A-Za-z0-9_.-]*)(\s*[=:]\s*|\s+)("[^"]*"|'[^']*'|[^\s;&|'"`)]+)/gi,
    replacement: `$1$2${REDACTED}`,
  },
  // mysql -p<password> inside scripts.
  {
    when: (text) => text.includes('mysql'),
    pattern: /(\bmysql(?:dump|admin)?\b[^;&|\n]*?\s-p)(?!\s)(\S+)/g,
    replacement: `$1${REDACTED}`,
  },
];

/** A text with every recognisable secret replaced. */
export function redactText(text: string): string {
  let result = text;
  for (const rule of TEXT_RULES) {
    if (rule.when(result)) result = result.replace(rule.pattern, rule.replacement);
  }
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
 * `last-applied-configuration` annotation redacted. Nothing an evaluator reads changes, and the
 * input is left as it is: only the objects on the way to a redacted value are copied.
 * Any shape is accepted: what is not an object or an array is kept.
 */
export function redactPod(pod: Pod): Pod {
  if (!isObject(pod)) return pod;
  const copy: Record<string, unknown> = { ...pod };
  const metadata = pod.metadata as unknown;
  if (isObject(metadata) && isObject(metadata.annotations)) {
    const annotations: Record<string, unknown> = { ...metadata.annotations };
    for (const key of Object.keys(annotations)) {
      if (key === 'kubectl.kubernetes.io/last-applied-configuration' || SECRET_NAME.test(key)) {
        annotations[key] = REDACTED;
      }
    }
    copy.metadata = { ...metadata, annotations };
  }
  const spec = pod.spec as unknown;
  if (isObject(spec)) {
    const specCopy: Record<string, unknown> = { ...spec };
    for (const list of CONTAINER_LISTS) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      specCopy[list] = containers.map((c) => (isObject(c) ? redactContainer(c) : c));
    }
    copy.spec = specCopy;
  }
  return copy as Pod;
}

function redactContainer(container: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...container };
  if (Array.isArray(container.env)) {
    copy.env = container.env.map((variable) =>
      isObject(variable) && typeof variable.value === 'string'
        ? { ...variable, value: REDACTED }
        : variable,
    );
  }
  for (const key of ['command', 'args']) {
    const argv = container[key];
    if (Array.isArray(argv) && argv.every((arg) => typeof arg === 'string')) {
      copy[key] = redactArgs(argv as string[]);
    }
  }
  return copy;
}

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}
