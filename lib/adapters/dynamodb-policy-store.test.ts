import { describe, expect, it } from 'vitest';
import { cutJson } from './dynamodb-policy-store.ts';

describe('Function: cutJson', () => {
  it.each([
    { name: 'ASCII in equal pieces', json: 'abcdef', size: 2, pieces: ['ab', 'cd', 'ef'] },
    { name: 'a short last piece', json: 'abcde', size: 2, pieces: ['ab', 'cd', 'e'] },
    { name: 'emoji never split', json: '😀😀😀', size: 3, pieces: ['😀', '😀', '😀'] },
    { name: 'emoji after one letter', json: 'a😀b', size: 2, pieces: ['a', '😀', 'b'] },
    { name: 'an empty string', json: '', size: 4, pieces: [] },
  ])('cuts $name', ({ json, size, pieces }) => {
    expect(cutJson(json, size)).toEqual(pieces);
  });
});
