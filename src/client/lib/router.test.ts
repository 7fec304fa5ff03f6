// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { matchPath, queryParam } from './router';

describe('matchPath', () => {
  it('returns the decoded parameters of a matching path', () => {
    expect(matchPath('/h/:id/visit', '/h/abc/visit')).toEqual({ id: 'abc' });
    expect(matchPath('/p/:code', '/p/DH-0042-7?from=camera')).toEqual({ code: 'DH-0042-7' });
    expect(matchPath('/p/:code', '/p/Thôn%20Đông')).toEqual({ code: 'Thôn Đông' });
  });

  it('matches nothing for another shape, and does not throw on a stray "%"', () => {
    expect(matchPath('/h/:id', '/h/abc/visit')).toBeNull();
    expect(matchPath('/h/:id', '/x/abc')).toBeNull();
    expect(matchPath('/p/:code', '/p/100%')).toBeNull();
  });
});

describe('queryParam', () => {
  it('reads one parameter of the query', () => {
    expect(queryParam('/h/new?plaque=DH-0042-7', 'plaque')).toBe('DH-0042-7');
    expect(queryParam('/h/new', 'plaque')).toBeNull();
  });
});
