// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { decodePullPage, jsonWithPullPage, pullPageJson, type PullPage } from './pull';

const household = {
  id: '01937b2e-0000-7000-8000-000000000001',
  headName: 'Đặng Thị Hoà',
  notes: 'Nhà có "cổng xanh"\nngõ 3 \\ hẻm \u2028 😀',
  items: { 'hh.internet': { value: 'done', changedAt: '2026-11-25T01:02:03.000Z', changedBy: 'u1' } },
  phone: null,
  empty: {},
  list: [1, 2.5, -0, 1e21],
};

/** Records stored as the push path stores them: the bytes of JSON.stringify. */
function stored(record: unknown): Buffer {
  return Buffer.from(JSON.stringify(record));
}

const page: PullPage = {
  changes: [
    { entity: 'household', id: household.id, version: 7, deleted: false, record: stored(household) },
    { entity: 'person', id: '01937b2e-0000-7000-8000-000000000002', version: 9, deleted: true, record: null },
    { entity: 'visit', id: '01937b2e-0000-7000-8000-000000000003', version: 12, deleted: false, record: stored({ changes: [], notes: '' }) },
  ],
  cursor: '0193ab.12.Xy-_ab12',
  hasMore: true,
  epoch: '0193ab00-0000-7000-8000-00000000000e',
  scope: { villageIds: ['v1', 'v2'] },
  reset: true,
};

describe('pull pages as stored bytes', () => {
  it('are byte for byte the JSON.stringify of the parsed page, with every field in place', () => {
    const bytes = pullPageJson(page);
    expect(bytes.toString('utf8')).toBe(JSON.stringify(decodePullPage(page)));
    expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ changes: [{ record: { headName: 'Đặng Thị Hoà' } }, { deleted: true, record: null }, {}], reset: true });
  });

  it('write an empty page and a page without the optional fields the same way', () => {
    const { epoch: _epoch, scope: _scope, reset: _reset, ...plain } = page;
    for (const variant of [{ changes: [], cursor: 'e.0.s', hasMore: false }, plain]) {
      expect(pullPageJson(variant).toString('utf8')).toBe(JSON.stringify(decodePullPage(variant)));
    }
  });

  it('splice the page into a push answer as its last field', () => {
    const answer = { lastSeq: 4, results: [{ seq: 4, status: 'applied', version: 12 }] };
    expect(jsonWithPullPage(answer, page).toString('utf8')).toBe(JSON.stringify({ ...answer, pull: decodePullPage(page) }));
    expect(jsonWithPullPage({}, page).toString('utf8')).toBe(JSON.stringify({ pull: decodePullPage(page) }));
  });
});
