import { describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from '../../lib/json-path';

describe('JSON paths of generic-api answers', () => {
  it('reads dotted names, indices and quoted names, with or without the leading $', () => {
    const answer = { data: { 'odd key': [{ url: 'u' }], n: 0 } };
    expect(readJsonPath(answer, parseJsonPath("$.data['odd key'][0].url")!)).toBe('u');
    expect(readJsonPath(answer, parseJsonPath('data.n')!)).toBe(0);
    expect(readJsonPath(answer, parseJsonPath('$')!)).toBe(answer);
  });

  it('answers undefined for a missing step instead of throwing', () => {
    expect(readJsonPath({ a: [1] }, parseJsonPath('$.a[3]')!)).toBeUndefined();
    expect(readJsonPath({ a: 'text' }, parseJsonPath('$.a.length')!)).toBeUndefined();
    expect(readJsonPath({}, parseJsonPath('$.constructor')!)).toBeUndefined();
  });

  it('refuses what is not a path', () => {
    for (const path of ['data..url', '$.items[first]', '$data', '$.a[', '$.a b']) expect(parseJsonPath(path)).toBeUndefined();
  });
});
