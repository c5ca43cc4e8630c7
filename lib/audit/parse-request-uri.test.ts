import { describe, expect, it } from 'vitest';
import { decodeFormComponent, isDryRun, parseRequestQuery } from './parse-request-uri.ts';

describe('Function: parseRequestQuery', () => {
  it('keeps every command parameter in order, and the other keys', () => {
    const uri =
      '/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=cat+%2Fetc%2Fshadow+%7C+base64&container=app&stderr=true&stdout=true';
    const query = parseRequestQuery(uri);
    expect(query.get('command')).toEqual(['sh', '-c', 'cat /etc/shadow | base64']);
    expect(query.get('container')).toEqual(['app']);
  });

  it('returns nothing for a URI without a query', () => {
    expect(parseRequestQuery('/api/v1/pods').size).toBe(0);
  });
});

describe('Function: decodeFormComponent', () => {
  it.each([
    ['a+b', 'a b'],
    ['a%2Bb', 'a+b'],
    ['%2Froot%2F.kube%2Fconfig', '/root/.kube/config'],
    ['caf%C3%A9', 'café'],
    ['100%', '100%'],
    ['%E2%82%AC%ZZ%2F', '€%ZZ/'],
    ['%C3', '%C3'],
  ])('%s → %s', (input, expected) => {
    expect(decodeFormComponent(input)).toBe(expected);
  });
});

describe('Function: isDryRun', () => {
  it.each([
    ['/api/v1/namespaces/shop/pods?dryRun=All&fieldManager=kubectl', true],
    ['/api/v1/namespaces/shop/pods?fieldManager=kubectl&dryRun=All', true],
    ['/api/v1/namespaces/shop/pods?dryRun=', false],
    ['/api/v1/namespaces/shop/pods/dryRun-pod', false],
    ['/api/v1/namespaces/shop/pods', false],
  ])('%s → %s', (uri, expected) => {
    expect(isDryRun(uri)).toBe(expected);
  });
});
