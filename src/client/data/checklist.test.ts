// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Household } from '../../shared/household';
import type { Person } from '../../shared/person';
import { countGaps, defaultRules, gapsOf, householdItems, personItems } from './checklist';

const rules = { ...defaultRules(new Date('2026-06-01T00:00:00Z')) };
const entry = (value: string) => ({ value, changedAt: '2026-03-01T08:00:00.000Z', changedBy: 'member-1' });

const household = (items: Household['items']) => ({ items }) satisfies Pick<Household, 'items'>;
const person = (birthYear: number | null, items: Person['items'] = {}) => ({ birthYear, items }) satisfies Pick<Person, 'birthYear' | 'items'>;

describe('checklist rules', () => {
  it('counts ages in the rules’ year', () => {
    expect(rules.year).toBe(2026);
    expect(personItems(rules, person(2012)).map((item) => item.id)).toEqual(['p.vneid']);
  });

  it('shows the business items only once the household is known to run a business', () => {
    expect(householdItems(rules, household({})).map((item) => item.id)).not.toContain('hh.biz_cashless');
    expect(householdItems(rules, household({ 'hh.business': entry('yes') })).map((item) => item.id)).toEqual(
      expect.arrayContaining(['hh.biz_cashless', 'hh.biz_online']),
    );
  });

  it('lists as gaps the applicable items not done, declined or not applicable', () => {
    const items = householdItems(rules, household({}));
    const values = { 'hh.internet': entry('done'), 'hh.fibre': entry('declined'), 'hh.zalo': entry('in_progress') };
    expect(gapsOf(items, values).map((item) => item.id)).toEqual(['hh.zalo', 'hh.digital_address', 'hh.business']);
  });

  it('adds up the gaps of the household and of every member', () => {
    const record = { ...household({ 'hh.business': entry('no') }) } as Household;
    const members = [person(1986, { 'p.vneid': entry('level1') }), person(2016)] as Person[];
    // 4 household items; the adult has 8 items with VNeID done; the 10-year-old has none.
    expect(countGaps(rules, record, members)).toBe(4 + 7 + 0);
  });
});
