/**
 * Reads untrusted manifest JSON and fails with a message that says where, which field, what was
 * expected and what kind of value came — never the value itself (pod specs can hold secrets).
 */
import { InvalidManifestError } from '../errors.ts';

export type JsonObject = Record<string, unknown>;

export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

export class ShapeChecker {
  constructor(
    /** `pods.yaml#1 (document 2, Pod "web")`. */
    readonly where: string,
    private readonly makeError: (message: string) => Error = (m) => new InvalidManifestError(m),
    /** Put before every field path: `spec.template.` when checking a workload's pod template. */
    private readonly pathPrefix = '',
  ) {}

  fail(path: string, message: string): never {
    throw this.makeError(`${this.where}: ${this.pathPrefix}${path} ${message}`);
  }

  private expected(path: string, what: string, value: unknown): never {
    return this.fail(path, `must be ${what}, got ${describeJson(value)}`);
  }

  object(value: unknown, path: string): JsonObject {
    if (value === undefined || value === null) this.fail(path, 'is required');
    if (typeof value !== 'object' || Array.isArray(value)) this.expected(path, 'an object', value);
    return value as JsonObject;
  }

  optObject(value: unknown, path: string): JsonObject | undefined {
    return value === undefined || value === null ? undefined : this.object(value, path);
  }

  string(value: unknown, path: string): string {
    if (value === undefined || value === null) this.fail(path, 'is required');
    if (typeof value !== 'string') this.expected(path, 'a string', value);
    return value;
  }

  optString(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, path);
  }

  optBoolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.expected(path, 'true or false', value);
    return value;
  }

  integer(
    value: unknown,
    path: string,
    min = Number.MIN_SAFE_INTEGER,
    max = Number.MAX_SAFE_INTEGER,
  ): number {
    if (value === undefined || value === null) this.fail(path, 'is required');
    if (typeof value !== 'number' || !Number.isInteger(value))
      this.expected(path, 'an integer', value);
    if (value < min || value > max) this.fail(path, `must be between ${min} and ${max}`);
    return value;
  }

  optInteger(value: unknown, path: string, min?: number, max?: number): number | undefined {
    return value === undefined || value === null ? undefined : this.integer(value, path, min, max);
  }

  /** A list; each element checked by `each` with its indexed path. */
  optList<T>(
    value: unknown,
    path: string,
    each: (item: unknown, path: string) => T,
  ): T[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.expected(path, 'a list', value);
    return value.map((item, i) => each(item, `${path}[${i}]`));
  }

  optStringList(value: unknown, path: string): string[] | undefined {
    return this.optList(value, path, (item, p) => this.string(item, p));
  }

  /** A map of string to string (labels, annotations). */
  optStringMap(value: unknown, path: string): Record<string, string> | undefined {
    const map = this.optObject(value, path);
    if (map === undefined) return undefined;
    for (const [key, item] of Object.entries(map)) this.string(item, `${path}[${key}]`);
    return map as Record<string, string>;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    const text = this.string(value, path);
    if (!(allowed as readonly string[]).includes(text)) {
      this.fail(path, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}`);
    }
    return text as T;
  }

  optOneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    return value === undefined || value === null ? undefined : this.oneOf(value, path, allowed);
  }
}
