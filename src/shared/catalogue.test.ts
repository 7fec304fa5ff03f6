// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AGE_SETTINGS,
  DEFAULT_CATALOGUE,
  findItem,
  isGap,
  itemApplies,
  itemsForScope,
  personInDenominator,
  UNKNOWN_VALUE,
  valueOf,
  type CatalogueItem,
} from './catalogue';

const HOUSEHOLD_IDS = ['hh.internet', 'hh.fibre', 'hh.zalo', 'hh.digital_address', 'hh.business', 'hh.biz_cashless', 'hh.biz_online'];
const PERSON_IDS = ['p.smartphone', 'p.vneid', 'p.payment', 'p.qr_pay', 'p.public_service', 'p.vssid', 'p.skills', 'p.anti_fraud'];
const DENOMINATORS = ['households', 'business_households', 'adults', 'age14plus', 'age15plus', 'working_age'];
const items = DEFAULT_CATALOGUE.items;

function item(id: string): CatalogueItem {
  const found = findItem(DEFAULT_CATALOGUE, id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

/** The person items that apply at an age (undefined: birth year not known). */
function personItemIdsAt(age: number | undefined, settings = DEFAULT_AGE_SETTINGS): string[] {
  return itemsForScope(DEFAULT_CATALOGUE, 'person')
    .filter((candidate) => itemApplies(candidate, {}, age, settings))
    .map((candidate) => candidate.id);
}

describe('the default catalogue', () => {
  it('has unique item ids', () => {
    expect(new Set(items.map((entry) => entry.id)).size).toBe(items.length);
  });

  it('has the 7 household items of DOMAIN.md, in order', () => {
    expect(itemsForScope(DEFAULT_CATALOGUE, 'household').map((entry) => entry.id)).toEqual(HOUSEHOLD_IDS);
  });

  it('has the 8 person items of DOMAIN.md, in order', () => {
    expect(itemsForScope(DEFAULT_CATALOGUE, 'person').map((entry) => entry.id)).toEqual(PERSON_IDS);
  });

  it('labels every item, short label and value in Vietnamese and English', () => {
    for (const entry of items) {
      for (const text of [entry.label, entry.short, ...entry.values.map((value) => value.label)]) {
        expect(text.vi.trim(), entry.id).not.toBe('');
        expect(text.en.trim(), entry.id).not.toBe('');
      }
    }
  });

  it('starts every item with the "unknown" value, so a new record is unchecked', () => {
    for (const entry of items) {
      expect(entry.values[0], entry.id).toMatchObject({ id: UNKNOWN_VALUE, kind: 'unknown' });
    }
  });

  it('has unique value ids within each item', () => {
    for (const entry of items) {
      expect(new Set(entry.values.map((value) => value.id)).size, entry.id).toBe(entry.values.length);
    }
  });

  it('offers done, in progress, declined and not applicable on every status item', () => {
    for (const entry of items.filter((candidate) => candidate.valueType === 'status')) {
      expect(entry.values.map((value) => value.id).sort(), entry.id).toEqual(
        ['declined', 'done', 'in_progress', 'not_applicable', 'unknown'],
      );
    }
  });

  it('has the choice values of DOMAIN.md for business, online sales and VNeID', () => {
    const ids = (id: string) => item(id).values.map((value) => value.id);
    expect(ids('hh.business')).toEqual(['unknown', 'yes', 'no']);
    expect(ids('hh.biz_online')).toEqual(expect.arrayContaining(['none', 'social', 'marketplace', 'both']));
    expect(ids('p.vneid')).toEqual(expect.arrayContaining(['none', 'level1', 'level2']));
  });

  it('points every gate at an existing item of the same scope and one of its values', () => {
    const gated = items.filter((entry) => entry.gate);
    expect(gated.map((entry) => entry.id)).toEqual(['hh.biz_cashless', 'hh.biz_online']);
    for (const entry of gated) {
      const gate = item(entry.gate!.itemId);
      expect(gate.scope).toBe(entry.scope);
      expect(gate.values.map((value) => value.id)).toContain(entry.gate!.value);
    }
  });

  it('uses only known denominators, households ones for household items and people ones for person items', () => {
    for (const entry of items) {
      expect(entry.denominators.length, entry.id).toBeGreaterThan(0);
      for (const denominator of entry.denominators) expect(DENOMINATORS).toContain(denominator);
      const householdDenominator = entry.denominators.every((d) => d === 'households' || d === 'business_households');
      expect(householdDenominator, entry.id).toBe(entry.scope === 'household');
    }
  });

  it('counts each indicator over the denominator DOMAIN.md gives it', () => {
    expect(item('p.vneid').denominators).toEqual(['age14plus']);
    expect(item('p.payment').denominators).toEqual(expect.arrayContaining(['working_age', 'age15plus']));
    expect(item('p.skills').denominators).toEqual(['working_age']);
    expect(item('p.smartphone').denominators).toEqual(['adults']);
    expect(item('hh.biz_cashless').denominators).toEqual(['business_households']);
    expect(item('hh.internet').denominators).toEqual(['households']);
  });
});

describe('itemApplies', () => {
  it('shows the business items only to a household that runs a business', () => {
    const cashless = item('hh.biz_cashless');
    expect(itemApplies(cashless, { 'hh.business': { value: 'yes' } }, undefined)).toBe(true);
    expect(itemApplies(cashless, { 'hh.business': { value: 'no' } }, undefined)).toBe(false);
    expect(itemApplies(cashless, {}, undefined)).toBe(false);
    expect(itemApplies(item('hh.biz_online'), { 'hh.business': { value: 'unknown' } }, undefined)).toBe(false);
    expect(itemApplies(item('hh.internet'), { 'hh.business': { value: 'no' } }, undefined)).toBe(true);
  });

  it('gives a 10-year-old no items at all', () => {
    expect(personItemIdsAt(10)).toEqual([]);
  });

  it('gives a 14-year-old VNeID only', () => {
    expect(personItemIdsAt(14)).toEqual(['p.vneid']);
  });

  it('adds e-payment and digital skills at 15, but no adult items', () => {
    expect(personItemIdsAt(15)).toEqual(['p.vneid', 'p.payment', 'p.skills']);
    expect(personItemIdsAt(17)).toEqual(['p.vneid', 'p.payment', 'p.skills']);
  });

  it('gives an 18-year-old every person item', () => {
    expect(personItemIdsAt(18)).toEqual(PERSON_IDS);
  });

  it('stops the working-age items after 60 by default, but keeps e-payment (people 15+)', () => {
    expect(personItemIdsAt(60)).toContain('p.skills');
    expect(personItemIdsAt(61)).not.toContain('p.skills');
    expect(personItemIdsAt(61)).toContain('p.payment');
  });

  it('follows a commune’s own retirement age', () => {
    expect(personItemIdsAt(61, { ...DEFAULT_AGE_SETTINGS, workingAgeMax: 62 })).toContain('p.skills');
  });

  it('gives everything to a person whose birth year is not known', () => {
    expect(personItemIdsAt(undefined)).toEqual(PERSON_IDS);
  });

  it('never counts a person in a household denominator', () => {
    expect(personInDenominator('households', 40)).toBe(false);
    expect(personInDenominator('business_households', 40)).toBe(false);
  });
});

describe('isGap', () => {
  it('counts an unchecked item as a gap, whether its value is missing or "unknown"', () => {
    expect(isGap(item('hh.internet'), undefined)).toBe(true);
    expect(isGap(item('hh.internet'), 'unknown')).toBe(true);
  });

  it('counts an item still in progress as a gap', () => {
    expect(isGap(item('p.qr_pay'), 'in_progress')).toBe(true);
  });

  it('does not count done, declined or not applicable as gaps', () => {
    for (const value of ['done', 'declined', 'not_applicable']) expect(isGap(item('p.qr_pay'), value)).toBe(false);
  });

  it('counts a choice with nothing achieved yet (VNeID "none") as a gap, and level 1 as done', () => {
    expect(isGap(item('p.vneid'), 'none')).toBe(true);
    expect(isGap(item('p.vneid'), 'level1')).toBe(false);
    expect(isGap(item('hh.biz_online'), 'social')).toBe(false);
  });

  it('treats a value the catalogue does not know as unknown', () => {
    expect(valueOf(item('hh.zalo'), 'no-such-value').id).toBe(UNKNOWN_VALUE);
    expect(isGap(item('hh.zalo'), 'no-such-value')).toBe(true);
  });
});
