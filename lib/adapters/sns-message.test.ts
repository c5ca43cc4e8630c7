import { describe, expect, it } from 'vitest';
import { cutText, renderStructuredMessage, renderSubject, shrinkJson } from './sns-message.ts';

const escapedBytes = (value: string) => Buffer.byteLength(JSON.stringify(value)) - 2;

describe('Function: renderSubject', () => {
  it.each([
    { name: 'a plain subject as is', subject: 'psp-audit digest', expected: 'psp-audit digest' },
    { name: 'line breaks as spaces', subject: 'a\r\nb\tc', expected: 'a b c' },
    { name: 'non-ASCII as ?', subject: 'naïve 😀 pod', expected: 'na?ve ?? pod' },
    { name: 'an empty subject as psp-audit', subject: ' \n ', expected: 'psp-audit' },
    {
      name: 'a long subject cut to 99 characters',
      subject: 'x'.repeat(150),
      expected: `${'x'.repeat(96)}...`,
    },
  ])('renders $name', ({ subject, expected }) => {
    expect(renderSubject(subject)).toBe(expected);
  });
});

describe('Function: cutText', () => {
  const text = ['line 1', 'line 2', 'line 3', 'line 4'].join('\n');

  it.each([
    { name: 'keeps text that fits', max: 1000, expected: text },
    {
      name: 'keeps whole lines and says how many more',
      max: 29,
      expected: 'line 1\n… and 3 more lines',
    },
    { name: 'keeps the start of the first line', max: 27, expected: 'li…\n… and 3 more lines' },
  ])('$name', ({ max, expected }) => {
    expect(cutText(text, max)).toBe(expected);
  });

  it('cuts a single line too long for the limit by characters', () => {
    const cut = cutText('y'.repeat(1000), 100);

    expect(escapedBytes(cut)).toBeLessThanOrEqual(100);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('Function: shrinkJson', () => {
  it('returns a value that fits unchanged', () => {
    const value = { a: [1, 2, 3] };

    expect(shrinkJson(value, 1000)).toBe(value);
  });

  it('keeps the first items of the largest array that fit and notes how many were left out', () => {
    const value = { title: 'x', rows: Array.from({ length: 100 }, (_, i) => i) };

    const shrunk = shrinkJson(value, 120) as { rows: number[]; truncated: Record<string, number> };

    expect(JSON.stringify(shrunk).length).toBeLessThanOrEqual(120);
    expect(shrunk.rows).toEqual(value.rows.slice(0, shrunk.rows.length));
    expect(shrunk.truncated).toEqual({ '$.rows': 100 - shrunk.rows.length });
    expect(
      JSON.stringify({ ...shrunk, rows: value.rows.slice(0, shrunk.rows.length + 1) }).length,
    ).toBeGreaterThan(120);
  });

  it('falls back to a notice when no array can make it fit', () => {
    expect(shrinkJson({ text: 'z'.repeat(500) }, 100)).toEqual({
      truncated: true,
      note: 'too large for one SNS message; see the e-mail text',
    });
  });
});

describe('Function: renderStructuredMessage', () => {
  it('puts JSON under default and the text under each text protocol', () => {
    const message = renderStructuredMessage({ a: 1 }, 'hello', ['email', 'email-json']);

    expect(JSON.parse(message)).toEqual({
      default: '{"a":1}',
      email: 'hello',
      'email-json': 'hello',
    });
  });

  it('stays within the budget when both bodies are too large', () => {
    const json = { rows: Array.from({ length: 2000 }, (_, i) => `row ${i}`) };
    const text = json.rows.join('\n');

    const message = renderStructuredMessage(json, text, ['email', 'email-json'], 10_000);
    const bodies = JSON.parse(message) as Record<string, string>;

    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(10_000);
    expect(bodies.email).toBe(bodies['email-json']);
    expect(bodies.email).toMatch(/\n… and \d+ more lines$/);
    expect(JSON.parse(bodies.default ?? '')).toHaveProperty('truncated');
  });
});
