import { describe, expect, it } from 'vitest';
import { controlCharacterParams } from './control-characters';

describe('controlCharacterParams', () => {
  it('finds NUL, escape and DEL anywhere in a body, with the path of each', () => {
    const found = controlCharacterParams({ name: '\u0000\u0000\u0000', tags: ['ok', 'a\u001bb'], nested: { x: 'del\u007f' } }, 'json');
    expect(Object.keys(found)).toEqual(['name', 'tags.1', 'nested.x']);
    expect(found.name).toMatchObject({ location: 'body', msg: 'Control characters are not allowed' });
  });

  it('lets tabs, line breaks and ordinary Unicode through', () => {
    expect(controlCharacterParams({ description: 'line 1\r\nline 2\ttab — été 🎬', n: 3, b: true, z: null }, 'json')).toEqual({});
  });

  it('names query parameters as PeerTube does', () => {
    expect(controlCharacterParams({ search: 'a\u0007' }, 'query').search.location).toBe('query');
  });
});
