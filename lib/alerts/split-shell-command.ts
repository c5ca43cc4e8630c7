/**
 * Splits a `sh -c` script into simple commands, enough to see which programs it runs on which
 * paths: quotes and backslashes, `;` `&&` `||` `|` `&` newlines and parentheses, `$(…)` and
 * backticks as separators, redirections with their targets, comments, leading `VAR=value`
 * assignments and shell keywords. No expansion is done: `$HOME/.ssh` stays as written.
 */

export interface Redirect {
  /** `<` reads the target, `>` (also `>>`, `>|`, `&>`, `2>`) writes it. */
  direction: 'read' | 'write';
  target: string;
}

export interface SimpleCommand {
  /** Program and arguments, unquoted. */
  words: string[];
  redirects: Redirect[];
}

/** Longest script looked at; anything after is ignored (scripts of megabytes are not typed). */
const MAX_SCRIPT = 64 * 1024;

const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'case',
  'esac',
  '!',
  '{',
  '}',
  'time',
]);

type Token = { type: 'word'; value: string } | { type: 'op'; value: string };

export function splitShellCommand(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], redirects: [] };
  // After a redirection operator: what its target is; `discard` for `>&1` and `<<EOF`.
  let pendingRedirect: Redirect['direction'] | 'discard' | null = null;
  const finish = () => {
    if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
    current = { words: [], redirects: [] };
    pendingRedirect = null;
  };
  for (const token of tokenize(script.slice(0, MAX_SCRIPT))) {
    if (token.type === 'op') {
      if (token.value === '<<' || token.value === '>&') pendingRedirect = 'discard';
      else if (token.value.includes('<')) pendingRedirect = 'read';
      else if (token.value.includes('>')) pendingRedirect = 'write';
      else finish();
      continue;
    }
    if (pendingRedirect !== null) {
      if (pendingRedirect !== 'discard') {
        current.redirects.push({ direction: pendingRedirect, target: token.value });
      }
      pendingRedirect = null;
      continue;
    }
    if (current.words.length === 0 && KEYWORDS.has(token.value)) continue;
    if (current.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(token.value)) continue;
    current.words.push(token.value);
  }
  finish();
  return commands;
}

function* tokenize(script: string): Generator<Token> {
  let word = '';
  let inWord = false;
  let i = 0;
  const flush = function* (): Generator<Token> {
    if (inWord) yield { type: 'word', value: word };
    word = '';
    inWord = false;
  };
  while (i < script.length) {
    const char = script[i] as string;
    if (char === ' ' || char === '\t' || char === '\r') {
      yield* flush();
      i += 1;
    } else if (char === '\n' || char === ';' || char === '(' || char === ')' || char === '`') {
      yield* flush();
      yield { type: 'op', value: ';' };
      i += 1;
    } else if (char === '$' && script[i + 1] === '(') {
      yield* flush();
      yield { type: 'op', value: ';' };
      i += 2;
    } else if (char === '|' || char === '&') {
      if (char === '&' && script[i + 1] === '>') {
        yield* flush();
        yield { type: 'op', value: '&>' };
        i += script[i + 2] === '>' ? 3 : 2;
        continue;
      }
      yield* flush();
      yield { type: 'op', value: char };
      i += script[i + 1] === char ? 2 : 1;
    } else if (char === '<' || char === '>') {
      // A word made only of digits before the operator is a file descriptor (2>).
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      yield* flush();
      const next = script[i + 1];
      if (next === '&') {
        yield { type: 'op', value: '>&' };
        i += 2;
      } else if (next === char || (char === '>' && next === '|')) {
        yield { type: 'op', value: char + next };
        i += 2;
      } else {
        yield { type: 'op', value: char };
        i += 1;
      }
    } else if (char === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i += 1;
    } else if (char === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end === -1 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
    } else if (char === '"') {
      i += 1;
      inWord = true;
      while (i < script.length && script[i] !== '"') {
        if (
          script[i] === '\\' &&
          i + 1 < script.length &&
          '"\\$`'.includes(script[i + 1] as string)
        ) {
          i += 1;
        }
        word += script[i];
        i += 1;
      }
      i += 1;
    } else if (char === '\\') {
      if (i + 1 < script.length && script[i + 1] !== '\n') word += script[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += char;
      inWord = true;
      i += 1;
    }
  }
  yield* flush();
}
