// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { applyFields, diffFields, flattenRecord, sameValue } from './fields';

const entry = (value: string) => ({ value, changedAt: '2026-03-01T08:00:00.000Z', changedBy: 'member-1' });

const person = {
  id: '0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b',
  version: 3,
  createdAt: '2026-03-01T07:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  updatedBy: 'member-1',
  fullName: 'Lê Thị Hoa',
  birthYear: 1988,
  items: { 'p.vneid': entry('level1'), 'p.smartphone': entry('done') },
};

describe('flattenRecord', () => {
  it('turns each checklist item into a field of its own, "items.<id>"', () => {
    const fields = flattenRecord(person);
    expect(fields['items.p.vneid']).toEqual(entry('level1'));
    expect(fields['items.p.smartphone']).toEqual(entry('done'));
    expect(fields).not.toHaveProperty('items');
  });

  it('leaves out id, version and the last-changed stamp, which the server owns', () => {
    expect(Object.keys(flattenRecord(person)).sort()).toEqual(
      ['birthYear', 'createdAt', 'fullName', 'items.p.smartphone', 'items.p.vneid'].sort(),
    );
  });

  it('keeps null values as fields', () => {
    expect(flattenRecord({ id: 'x', birthYear: null })).toEqual({ birthYear: null });
  });
});

describe('diffFields', () => {
  it('returns every field of a new record', () => {
    expect(diffFields(undefined, person)).toEqual(flattenRecord(person));
  });

  it('returns only the fields that changed', () => {
    const after = { ...person, fullName: 'Lê Thị Hoà', items: { ...person.items, 'p.vneid': entry('level2') } };
    expect(diffFields(person, after)).toEqual({ fullName: 'Lê Thị Hoà', 'items.p.vneid': entry('level2') });
  });

  it('returns nothing when only the version or the last-changed stamp moved', () => {
    const after = { ...person, version: 4, updatedAt: '2026-03-02T00:00:00.000Z', updatedBy: 'member-2' };
    expect(diffFields(person, after)).toEqual({});
  });

  it('does not report an object field whose keys are only in another order', () => {
    const reordered = { changedBy: 'member-1', value: 'level1', changedAt: '2026-03-01T08:00:00.000Z' };
    const after = { ...person, items: { 'p.smartphone': entry('done'), 'p.vneid': reordered } };
    expect(diffFields(person, after)).toEqual({});
  });

  it('reports a field set to null and a newly ticked item', () => {
    const after = { ...person, birthYear: null, items: { ...person.items, 'p.vssid': entry('done') } };
    expect(diffFields(person, after)).toEqual({ birthYear: null, 'items.p.vssid': entry('done') });
  });
});

describe('applyFields', () => {
  it('writes changed fields back onto the record, items included', () => {
    const after = { ...person, fullName: 'Lê Thị Hoà', items: { ...person.items, 'p.vssid': entry('done') } };
    expect(applyFields(person, diffFields(person, after))).toEqual(after);
  });

  it('rebuilds a whole record from its fields', () => {
    const rebuilt = applyFields({ id: person.id, version: 3, updatedAt: person.updatedAt, updatedBy: 'member-1' }, flattenRecord(person));
    expect(rebuilt).toEqual(person);
  });

  it('keeps the items it was not given and does not change the original', () => {
    const copy = structuredClone(person);
    const result = applyFields(person, { 'items.p.vneid': entry('none') });
    expect(result.items).toEqual({ 'p.vneid': entry('none'), 'p.smartphone': entry('done') });
    expect(person).toEqual(copy);
  });
});

describe('sameValue', () => {
  it('compares JSON-like values by structure', () => {
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(undefined, null)).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });
});
