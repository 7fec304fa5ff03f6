/** Each member with their own checklist; one tap marks an item done. */
import { useState, type ReactNode } from 'react';
import type { Person } from '../../../shared/person';
import { ageInYear } from '../../../shared/catalogue';
import { defaultRules, gapsOf, personItems } from '../../data/checklist';
import { useT } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { ChecklistList, itemValues } from '../../ui/checklist-list';

export function MembersSection({
  householdId,
  persons,
  onItemChange,
}: {
  householdId: string;
  persons: Person[];
  onItemChange: (personId: string, itemId: string, value: string) => void;
}) {
  const { t, language } = useT();
  const rules = defaultRules();
  return (
    <section className="section" aria-labelledby="members-heading">
      <div className="section-title">
        <h2 id="members-heading">{t('household.members', { count: persons.length })}</h2>
        <Link className="button" href={`/h/${householdId}/members/new`}>
          + {t('household.addMember')}
        </Link>
      </div>
      {persons.map((person, index) => {
        const items = personItems(rules, person);
        const gaps = gapsOf(items, person.items).length;
        const age = ageInYear(person.birthYear ?? undefined, rules.year);
        const name = person.fullName || t('person.numbered', { number: index + 1 });
        return (
          <PersonCard
            key={person.id}
            initiallyOpen={persons.length <= 2}
            summary={
              <>
                <span className="grow">
                  <strong>{name}</strong>
                  <br />
                  <span className="muted">
                    {t(`relation.${person.relation}`)}
                    {age !== undefined && ` · ${t('person.age', { age })}`}
                  </span>
                </span>
                {gaps > 0 && <span className="badge badge-gaps">{t('household.gapCount', { count: gaps })}</span>}
              </>
            }
          >
            <ChecklistList
              items={items}
              values={itemValues(person.items)}
              language={language}
              label={t('person.checklistOf', { name })}
              quickLabel={t('checklist.quickDone')}
              onChange={(itemId, value) => onItemChange(person.id, itemId, value)}
            />
            <Link className="button button-ghost" href={`/h/${householdId}/members/${person.id}`}>
              {t('person.edit')}
            </Link>
          </PersonCard>
        );
      })}
    </section>
  );
}

/** A member's card: the checklist is rendered only while the card is open (a big household opens fast). */
function PersonCard({ initiallyOpen, summary, children }: { initiallyOpen: boolean; summary: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details className="card person-card" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children}
    </details>
  );
}
