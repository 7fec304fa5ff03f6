/**
 * Consent before any name or phone is stored (Law 91/2025/QH15): what is
 * kept, why, and who keeps it, read out at the door; never pre-ticked. A
 * household that declines is still counted, with no names.
 */
import { useT } from '../../lib/i18n';
import { ChoiceGroup } from '../../ui/choice-group';
import { TextField } from '../../ui/fields';

export function ConsentStep({
  status,
  givenBy,
  errors,
  onStatus,
  onGivenBy,
}: {
  status: 'given' | 'declined' | null;
  givenBy: string;
  errors: Record<string, string>;
  onStatus: (status: 'given' | 'declined') => void;
  onGivenBy: (name: string) => void;
}) {
  const { t } = useT();
  return (
    <section className="section" aria-labelledby="consent-title">
      <h2 id="consent-title">{t('consent.title')}</h2>
      <div className="card card-wash">
        <p>{t('consent.what')}</p>
        <p>{t('consent.why')}</p>
        <p>{t('consent.who')}</p>
        <p>{t('consent.rights')}</p>
      </div>
      <ChoiceGroup
        legend={t('consent.question')}
        stacked
        choices={[
          { value: 'given', label: t('consent.given') },
          { value: 'declined', label: t('consent.declined') },
        ]}
        value={status}
        onChange={(value) => onStatus(value === 'given' ? 'given' : 'declined')}
        error={errors['consent.status'] ? t(errors['consent.status']) : undefined}
      />
      {status === 'given' && (
        <TextField
          label={t('consent.givenBy')}
          hint={t('consent.givenByHint')}
          value={givenBy}
          onValue={onGivenBy}
          autoComplete="off"
          error={errors['consent.givenBy'] ? t(errors['consent.givenBy']) : undefined}
        />
      )}
      {status === 'declined' && <p className="card">{t('consent.anonymousNote')}</p>}
    </section>
  );
}
