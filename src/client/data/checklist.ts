/**
 * Checklist arithmetic over records: which items apply to a household or a
 * person, and which are still gaps. Pure; the screens and the household
 * index use the same rules.
 */
import {
  ageInYear,
  DEFAULT_AGE_SETTINGS,
  DEFAULT_CATALOGUE,
  isGap,
  itemApplies,
  itemsForScope,
  type AgeSettings,
  type Catalogue,
  type CatalogueItem,
} from '../../shared/catalogue';
import type { Household } from '../../shared/household';
import type { Person } from '../../shared/person';

export interface ChecklistRules {
  catalogue: Catalogue;
  ages: AgeSettings;
  year: number;
}

export function defaultRules(now: Date = new Date()): ChecklistRules {
  return { catalogue: DEFAULT_CATALOGUE, ages: DEFAULT_AGE_SETTINGS, year: now.getFullYear() };
}

/** Item answers as far as applicability and gaps need them. */
type ItemValues = Readonly<Record<string, { value: string } | undefined>>;

export function householdItems(rules: ChecklistRules, household: { items: ItemValues }): CatalogueItem[] {
  return itemsForScope(rules.catalogue, 'household').filter((item) =>
    itemApplies(item, household.items, undefined, rules.ages),
  );
}

export function personItems(rules: ChecklistRules, person: { items: ItemValues; birthYear: number | null }): CatalogueItem[] {
  const age = ageInYear(person.birthYear ?? undefined, rules.year);
  return itemsForScope(rules.catalogue, 'person').filter((item) => itemApplies(item, person.items, age, rules.ages));
}

export function gapsOf(items: CatalogueItem[], values: ItemValues): CatalogueItem[] {
  return items.filter((item) => isGap(item, values[item.id]?.value));
}

export function countGaps(rules: ChecklistRules, household: Household, persons: Person[]): number {
  let gaps = gapsOf(householdItems(rules, household), household.items).length;
  for (const person of persons) gaps += gapsOf(personItems(rules, person), person.items).length;
  return gaps;
}
