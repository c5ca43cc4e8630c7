import { describe, expect, it } from 'vitest';
import { matches, parseFilterPattern } from './filter-pattern.ts';

describe('Function: parseFilterPattern', () => {
  it.each([
    ['{ $.a = "x" }', { a: 'x' }, true],
    ['{ $.a = "x" }', { a: 'y' }, false],
    ['{ $.a = "x" }', {}, false],
    ['{ $.a != "x" }', { a: 'y' }, true],
    ['{ $.a != "x" }', {}, false],
    ['{ $.a.b NOT EXISTS }', { a: {} }, true],
    ['{ $.a.b NOT EXISTS }', { a: { b: 'v' } }, false],
    ['{ $.a = "1" || $.b = "2" && $.c = "3" }', { a: '1' }, true],
    ['{ $.a = "1" || $.b = "2" && $.c = "3" }', { b: '2' }, false],
    ['{ ($.a = "1" || $.b = "2") && $.c = "3" }', { a: '1' }, false],
    ['{ ($.a = "1" || $.b = "2") && $.c = "3" }', { b: '2', c: '3' }, true],
  ])('%s on %j -> %s', (pattern, message, expected) => {
    expect(matches(parseFilterPattern(pattern), message)).toBe(expected);
  });

  it.each([
    ['$.a = "x"', 'expected {'],
    ['{ $.a = "x"', 'expected }'],
    ['{ $.a = 1 }', 'cannot read'],
    ['{ $.a IS NULL }', 'unsupported operator'],
    ['{ $.a = "x" } extra', 'cannot read'],
    ['{ ($.a = "x" }', 'expected )'],
  ])('refuses %s', (pattern, message) => {
    expect(() => parseFilterPattern(pattern)).toThrow(message);
  });
});
