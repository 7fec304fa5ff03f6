/**
 * Record a visit: how it ended, what changed on the checklist while there,
 * notes, and when to come back. Saved in one transaction with every change.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { CatalogueItem } from '../../../shared/catalogue';
import { VISIT_OUTCOMES, type VisitOutcome } from '../../../shared/visit';
import { defaultRules, householdItems, personItems } from '../../data/checklist';
import { database } from '../../data/database';
import { recordVisit } from '../../data/visits';
import { ValidationError } from '../../data/validation';
import { DataError } from '../../data/write';
import { today } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { goBack } from '../../lib/router';
import { Button } from '../../ui/button';
import { ChecklistList, itemValues } from '../../ui/checklist-list';
import { ChoiceGroup } from '../../ui/choice-group';
import { TextArea, TextField } from '../../ui/fields';
import { Screen } from '../../ui/screen';
import { showToast } from '../../ui/toast';
import { EMPTY_VISIT, useVisitDrafts } from './visit-draft';

export function VisitScreen({ householdId }: { householdId: string }) {
  const { t, language } = useT();
  const db = database();
  const household = useLiveQuery(async () => (await db.households.get(householdId)) ?? null, [householdId]);
  const persons = useLiveQuery(() => db.persons.where('householdId').equals(householdId).toArray(), [householdId]);
  const draft = useVisitDrafts((state) => state.drafts[householdId] ?? EMPTY_VISIT);
  const { update, setItem, discard } = useVisitDrafts();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const rules = defaultRules();
  const back = () => goBack(`/h/${householdId}`);

  if (household === null) {
    return (
      <Screen title={t('visit.record')} onBack={back} backLabel={t('action.back')}>
        <p className="alert">{t('errors.householdNotFound')}</p>
      </Screen>
    );
  }

  /** A record's items with this visit's changes on top; which items apply follows the draft (the business gate). */
  function checklistFor(
    personId: string | null,
    applicableItems: (values: Record<string, { value: string }>) => CatalogueItem[],
    stored: Record<string, string>,
    label: string,
  ) {
    const values = { ...stored };
    const changed = new Set<string>();
    for (const change of Object.values(draft.changes)) {
      if (change.personId === personId) {
        values[change.itemId] = change.to;
        changed.add(change.itemId);
      }
    }
    const asEntries = Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { value }]));
    return (
      <ChecklistList
        items={applicableItems(asEntries)}
        values={values}
        language={language}
        label={label}
        quickLabel={t('checklist.quickDone')}
        changedItemIds={changed}
        changedLabel={t('visit.changed')}
        onChange={(itemId, to) => setItem(householdId, { personId, itemId, from: stored[itemId] ?? 'unknown', to })}
      />
    );
  }

  async function save() {
    if (!draft.outcome) {
      setErrors({ outcome: 'errors.outcomeRequired' });
      return;
    }
    setSaving(true);
    try {
      await recordVisit(db, householdId, {
        outcome: draft.outcome,
        notes: draft.notes,
        nextVisitOn: draft.nextVisitOn === '' ? null : draft.nextVisitOn,
        changes: Object.values(draft.changes),
      });
      discard(householdId);
      showToast(t('visit.saved'));
      back();
    } catch (error) {
      if (error instanceof ValidationError) {
        setErrors(Object.fromEntries(error.issues.map((issue) => [issue.path, issue.messageKey])));
      } else {
        showToast(t(error instanceof DataError ? error.messageKey : 'errors.saveFailed'), 'error');
      }
    } finally {
      setSaving(false);
    }
  }

  const changeCount = Object.keys(draft.changes).length;
  const showChecklist = draft.outcome === 'helped' || draft.outcome === 'come_back' || changeCount > 0;
  return (
    <Screen
      title={t('visit.record')}
      onBack={back}
      backLabel={t('action.back')}
      footer={
        <Button variant="primary" disabled={saving} onClick={() => void save()}>
          {changeCount > 0 ? t('visit.saveWithChanges', { count: changeCount }) : t('visit.save')}
        </Button>
      }
    >
      {household && <p className="muted">{household.headName || t('household.anonymous')}</p>}
      <ChoiceGroup
        legend={t('visit.outcomeLabel')}
        stacked
        choices={VISIT_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`visit.outcome.${outcome}`) }))}
        value={draft.outcome}
        onChange={(outcome) => update(householdId, { outcome: outcome as VisitOutcome })}
        error={errors.outcome ? t(errors.outcome) : undefined}
      />
      <TextField
        label={draft.outcome === 'come_back' ? t('visit.comeBackOn') : t('visit.nextVisitOn')}
        type="date"
        min={today()}
        value={draft.nextVisitOn}
        onValue={(nextVisitOn) => update(householdId, { nextVisitOn })}
        error={errors.nextVisitOn ? t(errors.nextVisitOn) : undefined}
      />
      {showChecklist && household && persons && (
        <section className="section" aria-labelledby="visit-checklist-title">
          <h2 id="visit-checklist-title">{t('visit.checklistTitle')}</h2>
          <h3>{t('household.householdItems')}</h3>
          {checklistFor(
            null,
            (items) => householdItems(rules, { items }),
            itemValues(household.items),
            t('household.householdItems'),
          )}
          {persons.map((person, index) => {
            const name = person.fullName || t('person.numbered', { number: index + 1 });
            return (
              <div key={person.id} className="section">
                <h3>{name}</h3>
                {checklistFor(
                  person.id,
                  (items) => personItems(rules, { birthYear: person.birthYear, items }),
                  itemValues(person.items),
                  t('person.checklistOf', { name }),
                )}
              </div>
            );
          })}
        </section>
      )}
      <TextArea label={t('visit.notes')} value={draft.notes} onValue={(notes) => update(householdId, { notes })} />
      {(changeCount > 0 || draft.outcome) && (
        <Button variant="ghost" block onClick={() => discard(householdId)}>
          {t('visit.discard')}
        </Button>
      )}
    </Screen>
  );
}
