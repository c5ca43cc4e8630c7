/**
 * What an exec (or `kubectl cp`) command touches (eks-audit-events.md §6, §7.2). The argv comes
 * from the repeated `command` parameters of the request URI; `sh -c` scripts are split into
 * simple commands; wrappers (`env`, `sudo`, `timeout`, `chroot` …) are looked through; `tar`
 * is read as kubectl cp does it (`tar cf - <path>` copies out, `tar -xmf - -C <dir>` copies in).
 * The result names the sensitive paths with their access; the caller redacts the argv.
 */

import { parseRequestQuery } from '../audit/parse-request-uri.ts';
import type { Severity } from '../findings.ts';
import { classifyCommandPath, type PathAccess, type SensitiveCategory } from './sensitive-paths.ts';
import { splitShellCommand } from './split-shell-command.ts';

export interface SensitiveMatch {
  category: SensitiveCategory;
  severity: Severity;
  label: string;
  /** The path or search term as written in the command. */
  target: string;
  access: PathAccess | 'search';
  /** `command[<i>]`: the argument of the request that holds it. */
  field: string;
}

export interface CopyActivity {
  /** `from-pod`: `kubectl cp <pod>:<path> …`; `to-pod`: `kubectl cp … <pod>:<dir>`. */
  direction: 'from-pod' | 'to-pod';
  paths: string[];
}

export interface ExecInspection {
  /** The argv as sent (not redacted). */
  command: string[];
  container: string | null;
  copy: CopyActivity | null;
  /** The `test -d <dest>` probe kubectl cp sends first. */
  probe: boolean;
  matches: SensitiveMatch[];
}

interface Word {
  text: string;
  /** Index of the request argument it came from. */
  index: number;
}

interface Command {
  words: Word[];
  redirects: { direction: PathAccess; target: Word }[];
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);
/** Wrappers: options that take a value, and how many positional arguments precede the command. */
const WRAPPERS: ReadonlyMap<string, { valued: readonly string[]; positional: number }> = new Map([
  ['env', { valued: ['-u', '--unset', '-C', '--chdir', '-S'], positional: 0 }],
  ['sudo', { valued: ['-u', '-g', '-C', '-h', '-p', '-U'], positional: 0 }],
  ['nice', { valued: ['-n', '--adjustment'], positional: 0 }],
  ['ionice', { valued: ['-c', '-n', '-p'], positional: 0 }],
  ['nohup', { valued: [], positional: 0 }],
  ['exec', { valued: ['-a'], positional: 0 }],
  ['command', { valued: [], positional: 0 }],
  ['stdbuf', { valued: ['-i', '-o', '-e'], positional: 0 }],
  ['timeout', { valued: ['-s', '--signal', '-k', '--kill-after'], positional: 1 }],
  ['xargs', { valued: ['-I', '-n', '-P', '-d', '-E', '-L', '-s', '-a'], positional: 0 }],
  ['nsenter', { valued: ['-t', '--target', '-S', '-G', '-r', '-w'], positional: 0 }],
  ['chroot', { valued: ['--userspec', '--groups'], positional: 1 }],
  ['busybox', { valued: [], positional: 0 }],
]);
/** Programs whose path arguments are not read: probes, listings, prints. */
const NO_READ = new Set(
  'cd test [ ls echo printf which type pwd true false sleep kill ps id whoami hostname exit export set unset umask'.split(
    ' ',
  ),
);
/** Programs that write every path they name. */
const WRITE_ALL = new Set(
  'touch mkdir rm rmdir chmod chown chgrp ln truncate unlink shred tee'.split(' '),
);
/** Programs whose last path argument is the destination. */
const COPY_PROGRAMS = new Set(['cp', 'mv', 'install', 'rsync', 'scp']);
const SEARCH_PROGRAMS = new Set(
  'grep egrep fgrep rg ag ack find awk gawk strings locate'.split(' '),
);
const SEARCH_TERMS = /aws_access_key_id|aws_secret_access_key|aws_session_token|BEGIN.*PRIVATE/i;
const METADATA_CREDENTIALS = /169\.254\.169\.254.*security-credentials|169\.254\.170\.23?(?![\d.])/;
const MAX_DEPTH = 3;

/** Reads the exec request URI: its argv, container and what the command touches. */
export function inspectExecRequest(requestURI: string): ExecInspection {
  const query = parseRequestQuery(requestURI);
  const command = query.get('command') ?? [];
  const container = query.get('container')?.[0] ?? null;
  return { command, container, ...inspectCommand(command) };
}

export function inspectCommand(
  argv: readonly string[],
): Omit<ExecInspection, 'command' | 'container'> {
  const state: Inspection = { copy: null, probe: false, matches: new Map() };
  const top: Command = { words: argv.map((text, index) => ({ text, index })), redirects: [] };
  visit(top, state, 0);
  return { copy: state.copy, probe: state.probe, matches: [...state.matches.values()] };
}

interface Inspection {
  copy: CopyActivity | null;
  probe: boolean;
  matches: Map<string, SensitiveMatch>;
}

function visit(command: Command, state: Inspection, depth: number): void {
  for (const redirect of command.redirects) {
    judgePath(redirect.target, redirect.direction, state);
  }
  const words = unwrap(command.words, state);
  const program = baseName(words[0]?.text ?? '');
  const args = words.slice(1);
  if (program === '') return;
  if (SHELLS.has(program)) {
    const flag = args.findIndex((word) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(word.text));
    const script = flag === -1 ? undefined : args[flag + 1];
    if (script !== undefined && depth < MAX_DEPTH) {
      for (const inner of splitShellCommand(script.text)) {
        visit(fromScript(inner, script.index), state, depth + 1);
      }
      return;
    }
  }
  if (SEARCH_PROGRAMS.has(program)) {
    for (const word of args) if (SEARCH_TERMS.test(word.text)) addSearch(word, state);
  }
  for (const word of args) {
    if (METADATA_CREDENTIALS.test(word.text)) {
      add(state, word, 'search', {
        category: 'cloud-credentials',
        severity: 'critical',
        label: 'instance or pod-identity credentials endpoint',
      });
    }
  }
  if (program === 'tar') {
    inspectTar(args, state);
    return;
  }
  if (program === 'test' || program === '[') {
    if (args.some((word) => word.text === '-d')) state.probe = true;
    return;
  }
  if (NO_READ.has(program)) return;
  if (program === 'dd') {
    for (const word of args) {
      if (word.text.startsWith('if=')) judgePath(slice(word, 3), 'read', state);
      if (word.text.startsWith('of=')) judgePath(slice(word, 3), 'write', state);
    }
    return;
  }
  const operands = args.filter((word) => !word.text.startsWith('-') || word.text === '-');
  const writesAll = WRITE_ALL.has(program) || (program === 'sed' && args.some(isInPlace));
  for (const [i, word] of operands.entries()) {
    const isDestination = COPY_PROGRAMS.has(program) && i === operands.length - 1 && i > 0;
    judgePath(word, writesAll || isDestination ? 'write' : 'read', state);
  }
  // Option values: --kubeconfig=/root/.kube/config, --file=/etc/shadow.
  for (const word of args) {
    const equals = word.text.indexOf('=');
    if (word.text.startsWith('-') && equals !== -1) {
      judgePath(slice(word, equals + 1), 'read', state);
    }
  }
}

/** tar as kubectl cp runs it, and tar in general: what it archives, where it extracts. */
function inspectTar(args: readonly Word[], state: Inspection): void {
  let mode: 'create' | 'extract' | null = null;
  let archive: string | null = null;
  let directory: Word | null = null;
  const operands: Word[] = [];
  const pending: ('f' | 'C')[] = [];
  for (const [i, word] of args.entries()) {
    const text = word.text;
    const wanted = pending.shift();
    if (wanted !== undefined) {
      if (wanted === 'f') archive = text;
      else directory = word;
      continue;
    }
    if (text.startsWith('--')) {
      const [name, value] = splitOnce(text.slice(2), '=');
      if (name === 'create') mode = 'create';
      else if (name === 'extract' || name === 'get') mode = 'extract';
      else if (name === 'file' || name === 'directory') {
        const key = name === 'file' ? 'f' : 'C';
        if (value === undefined) pending.push(key);
        else if (key === 'f') archive = value;
        else directory = slice(word, name.length + 3);
      }
      continue;
    }
    const oldStyle = i === 0 && /^[A-Za-z]+$/.test(text) && /[cxt]/.test(text);
    if ((text.startsWith('-') && text.length > 1) || oldStyle) {
      const flags = text.startsWith('-') ? text.slice(1) : text;
      for (let j = 0; j < flags.length; j += 1) {
        const flag = flags[j];
        if (flag === 'c') mode = 'create';
        else if (flag === 'x') mode = 'extract';
        else if (flag === 'f' || flag === 'C') {
          const rest = flags.slice(j + 1);
          if (rest !== '' && !oldStyle) {
            if (flag === 'f') archive = rest;
            else directory = slice(word, j + 2);
            break;
          }
          pending.push(flag);
        }
      }
      continue;
    }
    operands.push(word);
  }
  if (mode === 'create') {
    for (const word of operands) judgePath(word, 'read', state);
    if (archive === '-') state.copy = { direction: 'from-pod', paths: operands.map((w) => w.text) };
  } else if (mode === 'extract') {
    const target = directory ?? { text: '.', index: args[0]?.index ?? 0 };
    judgePath(target, 'write', state);
    if (archive === '-') state.copy = { direction: 'to-pod', paths: [target.text] };
  }
}

/** Drops wrapper programs (and their options) in front of the real command. */
function unwrap(words: readonly Word[], state: Inspection): Word[] {
  let rest = [...words];
  for (let guard = 0; guard < 8; guard += 1) {
    const wrapper = WRAPPERS.get(baseName(rest[0]?.text ?? ''));
    if (wrapper === undefined) return rest;
    const name = baseName(rest[0]?.text ?? '');
    let i = 1;
    let positional = wrapper.positional;
    while (i < rest.length) {
      const text = (rest[i] as Word).text;
      if (text === '--') {
        i += 1;
        break;
      }
      if (text.startsWith('-') && text.length > 1) {
        i += wrapper.valued.includes(text) ? 2 : 1;
        continue;
      }
      if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) {
        i += 1;
        continue;
      }
      if (positional > 0) {
        if (name === 'chroot') judgePath(rest[i] as Word, 'read', state);
        positional -= 1;
        i += 1;
        continue;
      }
      break;
    }
    rest = rest.slice(i);
  }
  return rest;
}

function judgePath(word: Word, access: PathAccess, state: Inspection): void {
  const text = word.text.trim();
  if (
    !(text.includes('/') || text.startsWith('.') || text.startsWith('~') || /^[\w.-]+$/.test(text))
  ) {
    return;
  }
  const verdict = classifyCommandPath(text, access);
  if (verdict !== null) add(state, { ...word, text }, access, verdict);
}

function addSearch(word: Word, state: Inspection): void {
  add(state, word, 'search', {
    category: 'credential-search',
    severity: 'high',
    label: 'search for credentials or private keys',
  });
}

function add(
  state: Inspection,
  word: Word,
  access: SensitiveMatch['access'],
  verdict: Pick<SensitiveMatch, 'category' | 'severity' | 'label'>,
): void {
  const key = `${verdict.category}\u0000${access}\u0000${word.text}`;
  if (state.matches.has(key)) return;
  state.matches.set(key, {
    ...verdict,
    target: word.text,
    access,
    field: `command[${word.index}]`,
  });
}

function fromScript(command: ReturnType<typeof splitShellCommand>[number], index: number): Command {
  return {
    words: command.words.map((text) => ({ text, index })),
    redirects: command.redirects.map((redirect) => ({
      direction: redirect.direction,
      target: { text: redirect.target, index },
    })),
  };
}

function isInPlace(word: Word): boolean {
  return word.text === '-i' || word.text.startsWith('--in-place') || /^-[a-zA-Z]*i/.test(word.text);
}

function slice(word: Word, start: number): Word {
  return { text: word.text.slice(start), index: word.index };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}
