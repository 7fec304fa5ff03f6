/** Where the household is, who heads it, how to reach them, and whether it runs a business. */
import { useT } from '../../lib/i18n';
import { ChoiceGroup } from '../../ui/choice-group';
import { TextArea, TextField } from '../../ui/fields';
import type { HouseholdDraft } from './household-draft';

export function HouseholdFields({
  draft,
  errors,
  showHeadBirthYear,
  onChange,
}: {
  draft: HouseholdDraft;
  errors: Record<string, string>;
  showHeadBirthYear: boolean;
  onChange: (patch: Partial<HouseholdDraft>) => void;
}) {
  const { t } = useT();
  const anonymous = draft.consentStatus !== 'given';
  const error = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  return (
    <section className="section" aria-labelledby="household-fields-title">
      <h2 id="household-fields-title">{t('household.details')}</h2>
      <div className="field-row">
        <TextField
          label={t('household.hamlet')}
          hint={t('household.hamletHint')}
          value={draft.hamlet}
          onValue={(hamlet) => onChange({ hamlet })}
          error={error('hamlet')}
        />
        <TextField
          label={t('household.houseNumber')}
          hint={t('household.houseNumberHint')}
          value={draft.houseNumber}
          onValue={(houseNumber) => onChange({ houseNumber })}
          error={error('houseNumber')}
        />
      </div>
      {!anonymous && (
        <TextField
          label={t('household.headName')}
          value={draft.headName}
          autoComplete="off"
          autoCapitalize="words"
          onValue={(headName) => onChange({ headName })}
          error={error('headName')}
        />
      )}
      {showHeadBirthYear && (
        <TextField
          label={t('household.headBirthYear')}
          hint={t('person.birthYearHint')}
          value={draft.headBirthYear}
          inputMode="numeric"
          maxLength={4}
          onValue={(headBirthYear) => onChange({ headBirthYear })}
          error={error('headBirthYear')}
        />
      )}
      {!anonymous && (
        <TextField
          label={t('household.phone')}
          hint={t('person.phoneHint')}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={draft.phone}
          onValue={(phone) => onChange({ phone })}
          error={error('phone')}
        />
      )}
      <ChoiceGroup
        legend={t('household.business')}
        choices={[
          { value: 'yes', label: t('answer.yes') },
          { value: 'no', label: t('answer.no') },
          { value: 'unknown', label: t('answer.unknown') },
        ]}
        value={draft.business}
        onChange={(business) => onChange({ business })}
      />
      <TextArea
        label={t('household.notes')}
        hint={t('household.notesHint')}
        value={draft.notes}
        onValue={(notes) => onChange({ notes })}
        error={error('notes')}
      />
    </section>
  );
}
