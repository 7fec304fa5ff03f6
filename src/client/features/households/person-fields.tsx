/** Name, birth year, relation and phone of one member; names and phones only with consent. */
import { RELATIONS, type Relation } from '../../../shared/person';
import { useT } from '../../lib/i18n';
import { SelectField, TextField } from '../../ui/fields';
import type { MemberDraft } from './household-draft';

export function PersonFields({
  member,
  anonymous,
  errors,
  errorPrefix = '',
  onChange,
  lockRelation = false,
}: {
  member: Omit<MemberDraft, 'key'>;
  anonymous: boolean;
  errors: Record<string, string>;
  errorPrefix?: string;
  onChange: (member: Omit<MemberDraft, 'key'>) => void;
  lockRelation?: boolean;
}) {
  const { t } = useT();
  const error = (field: string) => {
    const key = errors[errorPrefix + field];
    return key ? t(key) : undefined;
  };
  const relationOptions = RELATIONS.filter((relation) => relation !== 'head' || lockRelation).map((relation) => ({
    value: relation,
    label: t(`relation.${relation}`),
  }));
  return (
    <>
      {!anonymous && (
        <TextField
          label={t('person.fullName')}
          value={member.fullName}
          autoComplete="off"
          autoCapitalize="words"
          onValue={(fullName) => onChange({ ...member, fullName })}
          error={error('fullName')}
        />
      )}
      <div className="field-row">
        <TextField
          label={t('person.birthYear')}
          hint={t('person.birthYearHint')}
          value={member.birthYear}
          inputMode="numeric"
          maxLength={4}
          onValue={(birthYear) => onChange({ ...member, birthYear })}
          error={error('birthYear')}
        />
        {!lockRelation && (
          <SelectField
            label={t('person.relation')}
            value={member.relation}
            options={relationOptions}
            onValue={(relation) => onChange({ ...member, relation: relation as Relation })}
          />
        )}
      </div>
      {!anonymous && (
        <TextField
          label={t('person.phone')}
          hint={t('person.phoneHint')}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={member.phone}
          onValue={(phone) => onChange({ ...member, phone })}
          error={error('phone')}
        />
      )}
    </>
  );
}
