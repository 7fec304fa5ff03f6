/** Add a member to a household, or edit or remove one. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { personInputSchema } from '../../../shared/person';
import { database } from '../../data/database';
import { addPerson, removePerson, updatePerson } from '../../data/households';
import { fieldErrors, ValidationError } from '../../data/validation';
import { DataError } from '../../data/write';
import { useT } from '../../lib/i18n';
import { goBack } from '../../lib/router';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Screen } from '../../ui/screen';
import { showToast } from '../../ui/toast';
import { personInput, type MemberDraft } from './household-draft';
import { PersonFields } from './person-fields';

type PersonDraft = Omit<MemberDraft, 'key'>;

const EMPTY_PERSON: PersonDraft = { fullName: '', birthYear: '', relation: 'child', phone: '' };

export function PersonFormScreen({ householdId, personId }: { householdId: string; personId?: string }) {
  const { t } = useT();
  const db = database();
  const household = useLiveQuery(async () => (await db.households.get(householdId)) ?? null, [householdId]);
  const existing = useLiveQuery(async () => (personId ? ((await db.persons.get(personId)) ?? null) : null), [personId]);
  const [draft, setDraft] = useState<PersonDraft>(EMPTY_PERSON);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const anonymous = household?.consent.status !== 'given';

  useEffect(() => {
    if (existing) {
      setDraft({
        fullName: existing.fullName,
        birthYear: existing.birthYear === null ? '' : String(existing.birthYear),
        relation: existing.relation,
        phone: existing.phone,
      });
    }
  }, [existing]);

  const back = () => goBack(`/h/${householdId}`);

  function reportError(error: unknown) {
    if (error instanceof ValidationError) {
      setErrors(Object.fromEntries(error.issues.map((issue) => [issue.path.replace(/^members\.\d+\./, ''), issue.messageKey])));
    } else {
      showToast(t(error instanceof DataError ? error.messageKey : 'errors.saveFailed'), 'error');
    }
  }

  async function save() {
    const input = personInput(draft);
    const found = fieldErrors(personInputSchema, input);
    if (!anonymous && draft.fullName.trim() === '') found.fullName = 'errors.required';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      if (personId) await updatePerson(db, personId, input);
      else await addPerson(db, householdId, input);
      showToast(t('person.saved'));
      back();
    } catch (error) {
      reportError(error);
    }
  }

  async function remove() {
    setConfirmingRemove(false);
    if (!personId) return;
    try {
      await removePerson(db, personId);
      showToast(t('person.removed'));
      back();
    } catch (error) {
      reportError(error);
    }
  }

  if (household === null || (personId && existing === null)) {
    return (
      <Screen title={t('person.edit')} onBack={back} backLabel={t('action.back')}>
        <p className="alert">{t('errors.personNotFound')}</p>
      </Screen>
    );
  }

  return (
    <Screen
      title={personId ? t('person.edit') : t('household.addMember')}
      onBack={back}
      backLabel={t('action.back')}
      footer={
        <Button variant="primary" onClick={() => void save()}>
          {t('action.save')}
        </Button>
      }
    >
      <PersonFields
        member={draft}
        anonymous={anonymous}
        errors={errors}
        lockRelation={existing?.relation === 'head'}
        onChange={setDraft}
      />
      {personId && existing?.relation !== 'head' && (
        <Button variant="danger" block onClick={() => setConfirmingRemove(true)}>
          {t('person.remove')}
        </Button>
      )}
      {confirmingRemove && (
        <ConfirmDialog
          title={t('person.removeTitle')}
          confirmLabel={t('person.remove')}
          cancelLabel={t('action.cancel')}
          danger
          onConfirm={() => void remove()}
          onCancel={() => setConfirmingRemove(false)}
        >
          <p>{t('person.removeExplain')}</p>
        </ConfirmDialog>
      )}
    </Screen>
  );
}
