import { describe, expect, it } from 'vitest';
import { InvalidManifestError } from '../errors.ts';
import { parseManifestText } from './parse-manifest-text.ts';

const summary = (text: string, source = 'm.yaml') =>
  parseManifestText(text, source).map((d) => ({
    source: d.source,
    index: d.index,
    kind: d.object.kind,
  }));

describe('Function: parseManifestText', () => {
  it('numbers the objects of a multi-document YAML file from 0, skipping empty documents', () => {
    const text = '---\nkind: Pod\n---\n---\nkind: PodSecurityPolicy\n...\n';
    expect(summary(text)).toEqual([
      { source: 'm.yaml#0', index: 0, kind: 'Pod' },
      { source: 'm.yaml#1', index: 1, kind: 'PodSecurityPolicy' },
    ]);
  });

  it('gives a file holding one object its plain path', () => {
    expect(summary('kind: Pod\n')).toEqual([{ source: 'm.yaml', index: 0, kind: 'Pod' }]);
  });

  it('flattens List kinds, giving typed-list items their kind and apiVersion', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'PodList',
      items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
    });
    const docs = parseManifestText(text, 'pods.json');
    expect(docs.map((d) => [d.source, d.object.kind, d.object.apiVersion])).toEqual([
      ['pods.json#0', 'Pod', 'v1'],
      ['pods.json#1', 'Pod', 'v1'],
    ]);
  });

  it('flattens a generic List and keeps each item kind', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: Role\n- kind: RoleBinding\n';
    expect(summary(text).map((d) => d.kind)).toEqual(['Role', 'RoleBinding']);
  });

  it.each([
    { name: 'a JSON object', text: '{"kind":"Pod"}', kinds: ['Pod'] },
    { name: 'a JSON array', text: '[{"kind":"Pod"},{"kind":"Role"}]', kinds: ['Pod', 'Role'] },
    { name: 'JSON lines', text: '{"kind":"Pod"}\n{"kind":"Role"}\n', kinds: ['Pod', 'Role'] },
  ])('reads $name', ({ text, kinds }) => {
    expect(summary(text, 'm.json').map((d) => d.kind)).toEqual(kinds);
  });

  it('reads YAML as kubectl does (YAML 1.1: yes is true)', () => {
    const [doc] = parseManifestText('kind: Pod\nspec:\n  hostNetwork: yes\n', 'p.yaml');
    expect(doc?.object.spec).toEqual({ hostNetwork: true });
  });

  it.each([
    {
      name: 'invalid YAML names the file, the document and the line',
      text: 'kind: Pod\n---\nkind: [Pod\n',
      message:
        /^m\.yaml: document 2: invalid YAML at line \d+, column \d+: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
    },
    { name: 'invalid JSON names the file', text: '{"kind": ', message: /^m\.yaml: invalid JSON: / },
    {
      name: 'an alias to an unknown anchor is invalid YAML, not a crash',
      text: 'kind: Pod\n---\n*a\n',
      message:
        /^m\.yaml: document 2: invalid YAML: Unresolved alias \(the anchor must be set before the alias\): a$/,
    },
    {
      name: 'a scalar document is not an object',
      text: 'kind: Pod\n---\njust text\n',
      message: /^m\.yaml: document 2: expected a Kubernetes object, got a string$/,
    },
  ])('$name', ({ text, message }) => {
    expect(() => parseManifestText(text, 'm.yaml')).toThrow(InvalidManifestError);
    expect(() => parseManifestText(text, 'm.yaml')).toThrow(message);
  });
});
