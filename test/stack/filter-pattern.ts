/**
 * A reader for the subset of CloudWatch Logs JSON filter patterns the stack uses:
 * `{ … }` around selectors `$.a.b` compared with `=` / `!=` to a quoted string, `NOT EXISTS`,
 * `&&`, `||` and parentheses (`&&` binds tighter than `||`). Anything else is refused, so a
 * pattern the test cannot read fails the test instead of being half understood.
 *
 * Semantics follow the CloudWatch documentation for these forms: a selector names a property of
 * the parsed JSON message; `=` / `!=` compare a string property exactly (no wildcards are used
 * here); a comparison on a missing property does not match; `NOT EXISTS` matches when the
 * property is absent.
 */

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'eq' | 'ne'; path: readonly string[]; value: string }
  | { kind: 'notExists'; path: readonly string[] };

type Token =
  | { type: 'punct'; value: '{' | '}' | '(' | ')' | '&&' | '||' | '=' | '!=' }
  | { type: 'selector'; path: string[] }
  | { type: 'string'; value: string }
  | { type: 'word'; value: string };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const rest = pattern.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const punct = /^(&&|\|\||!=|[{}()=])/.exec(rest);
    if (punct) {
      tokens.push({ type: 'punct', value: punct[0] as '{' });
      i += punct[0].length;
      continue;
    }
    const selector = /^\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/.exec(rest);
    if (selector?.[1]) {
      tokens.push({ type: 'selector', path: selector[1].slice(1).split('.') });
      i += selector[0].length;
      continue;
    }
    const string = /^"([^"\\]*)"/.exec(rest);
    if (string) {
      tokens.push({ type: 'string', value: string[1] ?? '' });
      i += string[0].length;
      continue;
    }
    const word = /^[A-Z]+/.exec(rest);
    if (word) {
      tokens.push({ type: 'word', value: word[0] });
      i += word[0].length;
      continue;
    }
    throw new Error(`filter pattern: cannot read ${JSON.stringify(rest.slice(0, 20))} at ${i}`);
  }
  return tokens;
}

/** Parses a JSON filter pattern of the supported subset; throws on anything else. */
export function parseFilterPattern(pattern: string): Expr {
  const tokens = tokenize(pattern);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const expectPunct = (value: string): void => {
    const token = tokens[at];
    if (token?.type !== 'punct' || token.value !== value) {
      throw new Error(`filter pattern: expected ${value} at token ${at}`);
    }
    at += 1;
  };
  const isPunct = (value: string): boolean => {
    const token = peek();
    return token?.type === 'punct' && token.value === value;
  };

  const comparison = (): Expr => {
    const selector = tokens[at];
    if (selector?.type !== 'selector')
      throw new Error(`filter pattern: expected a selector at ${at}`);
    at += 1;
    const op = tokens[at];
    if (op?.type === 'word' && op.value === 'NOT') {
      const next = tokens[at + 1];
      if (next?.type !== 'word' || next.value !== 'EXISTS') {
        throw new Error(`filter pattern: expected EXISTS after NOT at ${at + 1}`);
      }
      at += 2;
      return { kind: 'notExists', path: selector.path };
    }
    if (op?.type === 'punct' && (op.value === '=' || op.value === '!=')) {
      const value = tokens[at + 1];
      if (value?.type !== 'string')
        throw new Error(`filter pattern: expected a string at ${at + 1}`);
      at += 2;
      return { kind: op.value === '=' ? 'eq' : 'ne', path: selector.path, value: value.value };
    }
    throw new Error(`filter pattern: unsupported operator at token ${at}`);
  };
  const primary = (): Expr => {
    if (isPunct('(')) {
      at += 1;
      const inner = or();
      expectPunct(')');
      return inner;
    }
    return comparison();
  };
  const and = (): Expr => {
    let left = primary();
    while (isPunct('&&')) {
      at += 1;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Expr => {
    let left = and();
    while (isPunct('||')) {
      at += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  expectPunct('{');
  const expr = or();
  expectPunct('}');
  if (at !== tokens.length) throw new Error(`filter pattern: trailing tokens after ${at}`);
  return expr;
}

function lookup(message: unknown, path: readonly string[]): unknown {
  let value: unknown = message;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Whether a parsed log message matches the expression. */
export function matches(expr: Expr, message: unknown): boolean {
  switch (expr.kind) {
    case 'and':
      return matches(expr.left, message) && matches(expr.right, message);
    case 'or':
      return matches(expr.left, message) || matches(expr.right, message);
    case 'notExists':
      return lookup(message, expr.path) === undefined;
    case 'eq':
    case 'ne': {
      const value = lookup(message, expr.path);
      if (typeof value !== 'string') return false;
      return expr.kind === 'eq' ? value === expr.value : value !== expr.value;
    }
  }
}
