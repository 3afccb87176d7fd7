import { describe, expect, it } from 'vitest';
import { parseActivity } from './activity';

describe('parseActivity', () => {
  it('normalises the actor to its id', () => {
    const r = parseActivity({
      type: 'Like',
      id: 'https://a.example/likes/1',
      actor: { id: 'https://a.example/u/x', type: 'Person' },
      object: 'https://b.example/v',
    });
    expect(r).toMatchObject({ ok: true, activity: { actor: 'https://a.example/u/x', type: 'Like' } });
  });

  it.each([
    [null, 'not a JSON object'],
    [[1], 'not a JSON object'],
    [{ id: 'https://a.example/1', actor: 'https://a.example/u' }, 'no type'],
    [{ type: 'Like', actor: 'https://a.example/u' }, 'no http(s) id'],
    [{ type: 'Like', id: 'urn:x', actor: 'https://a.example/u' }, 'no http(s) id'],
    [{ type: 'Like', id: 'https://a.example/1' }, 'no http(s) actor'],
    [{ type: 'Like', id: 'https://a.example/1', actor: 'javascript:alert(1)' }, 'no http(s) actor'],
  ])('rejects %j', (body, detail) => {
    const r = parseActivity(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.detail).toContain(detail);
  });
});
