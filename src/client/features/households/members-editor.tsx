/** The other members of a household being registered: add as many as live there. */
import { uuidv7 } from '../../../shared/ids';
import { useT } from '../../lib/i18n';
import { Button } from '../../ui/button';
import type { MemberDraft } from './household-draft';
import { PersonFields } from './person-fields';

export function MembersEditor({
  members,
  anonymous,
  errors,
  onChange,
}: {
  members: MemberDraft[];
  anonymous: boolean;
  errors: Record<string, string>;
  onChange: (members: MemberDraft[]) => void;
}) {
  const { t } = useT();
  const update = (index: number, member: Omit<MemberDraft, 'key'>) =>
    onChange(members.map((existing, i) => (i === index ? { ...member, key: existing.key } : existing)));
  return (
    <section className="section" aria-labelledby="members-title">
      <h2 id="members-title">{t('household.otherMembers')}</h2>
      {members.map((member, index) => (
        <fieldset key={member.key} className="card section" aria-label={t('person.numbered', { number: index + 2 })}>
          <div className="section-title">
            <h3>{t('person.numbered', { number: index + 2 })}</h3>
            <Button variant="ghost" onClick={() => onChange(members.filter((_, i) => i !== index))}>
              {t('action.remove')}
            </Button>
          </div>
          <PersonFields
            member={member}
            anonymous={anonymous}
            errors={errors}
            errorPrefix={`members.${index}.`}
            onChange={(next) => update(index, next)}
          />
        </fieldset>
      ))}
      <Button
        block
        onClick={() =>
          onChange([...members, { key: uuidv7(), fullName: '', birthYear: '', relation: 'child', phone: '' }])
        }
      >
        + {t('household.addMember')}
      </Button>
    </section>
  );
}
