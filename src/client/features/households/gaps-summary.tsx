/** "What is still missing" at a glance: the open items of the household and of each member. */
import type { Household } from '../../../shared/household';
import type { Person } from '../../../shared/person';
import { defaultRules, gapsOf, householdItems, personItems } from '../../data/checklist';
import { useT } from '../../lib/i18n';

export function GapsSummary({ household, persons }: { household: Household; persons: Person[] }) {
  const { t, language } = useT();
  const rules = defaultRules();
  const lines = [
    { who: t('household.householdItems'), gaps: gapsOf(householdItems(rules, household), household.items) },
    ...persons.map((person, index) => ({
      who: person.fullName || t('person.numbered', { number: index + 1 }),
      gaps: gapsOf(personItems(rules, person), person.items),
    })),
  ].filter((line) => line.gaps.length > 0);
  const total = lines.reduce((sum, line) => sum + line.gaps.length, 0);
  return (
    <section className="card card-wash section" aria-labelledby="gaps-title">
      <h2 id="gaps-title">{total === 0 ? t('household.noGaps') : t('household.gapCount', { count: total })}</h2>
      {lines.length > 0 && (
        <ul className="gap-lines">
          {lines.map((line) => (
            <li key={line.who}>
              <strong>{line.who}:</strong> {line.gaps.map((item) => item.short[language]).join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
