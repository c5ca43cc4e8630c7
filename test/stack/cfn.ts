/**
 * Small readers for the packaged CloudFormation template: conditions evaluated against parameter
 * values, references written as short strings, and the policy statements of the template.
 */

export interface Resource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties?: Record<string, unknown>;
}

export interface Template {
  Parameters: Record<string, { Type: string; Default?: string; AllowedValues?: string[] }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, unknown>;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, Resource> {
  return Object.fromEntries(
    Object.entries(template.Resources).filter(([, resource]) => resource.Type === type),
  );
}

/** A parameter's value: the override if given, else its Default. */
function parameterValue(
  template: Template,
  name: string,
  overrides: Readonly<Record<string, string>>,
): string {
  const override = overrides[name];
  if (override !== undefined) return override;
  const parameter = template.Parameters[name];
  if (parameter?.Default === undefined) throw new Error(`no value for parameter ${name}`);
  return String(parameter.Default);
}

function evaluateValue(
  template: Template,
  value: unknown,
  overrides: Readonly<Record<string, string>>,
): unknown {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (isRecord(value)) {
    if (typeof value.Ref === 'string') return parameterValue(template, value.Ref, overrides);
    if (typeof value.Condition === 'string') {
      return evaluateCondition(template, value.Condition, overrides);
    }
    const [fn, args] = Object.entries(value)[0] ?? [];
    if (!Array.isArray(args)) throw new Error(`unsupported condition function ${String(fn)}`);
    const values = args.map((arg) => evaluateValue(template, arg, overrides));
    switch (fn) {
      case 'Fn::Equals':
        return values[0] === values[1];
      case 'Fn::Not':
        return values[0] !== true;
      case 'Fn::And':
        return values.every((v) => v === true);
      case 'Fn::Or':
        return values.some((v) => v === true);
      default:
        throw new Error(`unsupported condition function ${String(fn)}`);
    }
  }
  throw new Error(`unsupported condition value ${JSON.stringify(value)}`);
}

/** Evaluates a named condition of the template for the given parameter values. */
export function evaluateCondition(
  template: Template,
  name: string,
  overrides: Readonly<Record<string, string>> = {},
): boolean {
  if (!(name in template.Conditions)) throw new Error(`no condition ${name}`);
  const result = evaluateValue(template, template.Conditions[name], overrides);
  if (typeof result !== 'boolean') throw new Error(`condition ${name} is not a boolean`);
  return result;
}

/** Resolves `Fn::If` (and leaves plain strings) for the given parameter values. */
export function resolveIf(
  template: Template,
  value: unknown,
  overrides: Readonly<Record<string, string>> = {},
): unknown {
  if (isRecord(value) && Array.isArray(value['Fn::If'])) {
    const [condition, whenTrue, whenFalse] = value['Fn::If'] as [string, unknown, unknown];
    return evaluateCondition(template, condition, overrides) ? whenTrue : whenFalse;
  }
  return value;
}

/**
 * A reference as a short string: `Ref X` -> `X`, `GetAtt X.Arn` -> `X.Arn`, `Fn::Sub s` -> `s`,
 * a literal string as itself. Anything else is shown as JSON, so an assertion on it fails loudly.
 */
export function refName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isRecord(value)) {
    if (typeof value.Ref === 'string') return value.Ref;
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return getAtt.join('.');
    if (typeof value['Fn::Sub'] === 'string') return value['Fn::Sub'];
  }
  return JSON.stringify(value);
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every policy statement of the template, with the logical id that holds it. */
export function allStatements(template: Template): { owner: string; statement: Statement }[] {
  const found: { owner: string; statement: Statement }[] = [];
  const walk = (owner: string, value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(owner, item);
      return;
    }
    if (!isRecord(value)) return;
    if (Array.isArray(value.Statement)) {
      for (const statement of value.Statement) found.push({ owner, statement });
      return;
    }
    for (const child of Object.values(value)) walk(owner, child);
  };
  for (const [id, resource] of Object.entries(template.Resources)) walk(id, resource.Properties);
  return found;
}

/**
 * The grants of an IAM role's inline policies as sorted `action resource` lines (one line per
 * action and resource; a statement with a condition gets ` if <condition JSON>` appended).
 */
export function roleGrants(role: Resource): string[] {
  if (role.Type !== 'AWS::IAM::Role') throw new Error(`not a role: ${role.Type}`);
  const policies = asArray(role.Properties?.Policies as { PolicyDocument: unknown }[]);
  const lines: string[] = [];
  for (const policy of policies) {
    const document = policy.PolicyDocument as { Statement: Statement[] };
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow') throw new Error('unexpected Deny in a role policy');
      const suffix =
        statement.Condition === undefined ? '' : ` if ${JSON.stringify(statement.Condition)}`;
      for (const action of asArray(statement.Action)) {
        for (const resource of asArray(statement.Resource)) {
          lines.push(`${action} ${refName(resource)}${suffix}`);
        }
      }
    }
  }
  return lines.sort();
}
