/**
 * One household: who lives there, what is still missing, every checklist
 * item changeable in one tap, the visit history, and "record a visit" under
 * the thumb.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { formatPhone } from '../../../shared/phone';
import { defaultRules, householdItems } from '../../data/checklist';
import { database } from '../../data/database';
import { householdPageReadAhead, householdPageReadingAhead, readHouseholdPage } from '../../data/household-page';
import { eraseHousehold, setItemValue, type ItemTarget } from '../../data/households';
import { DataError } from '../../data/write';
import { formatDateTime } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { goBack, Link, navigate } from '../../lib/router';
import { Button } from '../../ui/button';
import { ChecklistList, itemValues } from '../../ui/checklist-list';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Screen } from '../../ui/screen';
import { showToast } from '../../ui/toast';
import { GapsSummary } from './gaps-summary';
import { addressLine } from './household-row';
import { MembersSection } from './members-section';
import { ReplacePlaqueAction } from './replace-plaque';
import { VisitHistory } from './visit-history';

export function HouseholdScreen({ householdId }: { householdId: string }) {
  const { t, language } = useT();
  const db = database();
  // One read for the whole screen (one transaction, one render), started ahead when the row was
  // touched. Until the live query's first answer, the read-ahead's page stands in — also one that
  // lands after the screen mounted (a quick tap), so the first full render need not wait for the
  // live query to read the same records again.
  const [readAhead, setReadAhead] = useState(() => householdPageReadAhead(householdId));
  // Only the read under way at mount: the screen is keyed by household (routes.tsx), so no deps.
  useEffect(() => {
    if (readAhead) return;
    let mounted = true;
    householdPageReadingAhead(householdId)?.then(
      (page) => {
        if (mounted) setReadAhead(page);
      },
      () => undefined, // the live query reads again and shows its own error
    );
    return () => {
      mounted = false;
    };
  }, []);
  const page = useLiveQuery(() => readHouseholdPage(db, householdId), [householdId]) ?? readAhead;
  const household = page?.household;
  const persons = page?.persons;
  const visits = page?.visits;
  const [confirmingErase, setConfirmingErase] = useState(false);

  async function changeItem(target: ItemTarget, itemId: string, value: string) {
    try {
      await setItemValue(db, target, itemId, value);
    } catch (error) {
      showToast(t(error instanceof DataError ? error.messageKey : 'errors.saveFailed'), 'error');
    }
  }

  async function erase() {
    setConfirmingErase(false);
    try {
      await eraseHousehold(db, householdId);
      showToast(t('household.erased'));
      navigate('/', { replace: true });
    } catch (error) {
      showToast(t(error instanceof DataError ? error.messageKey : 'errors.saveFailed'), 'error');
    }
  }

  const back = () => goBack('/');
  if (household === undefined || persons === undefined || visits === undefined) {
    return (
      <Screen title={t('household.title')} onBack={back} backLabel={t('action.back')}>
        <p className="muted">{t('app.loading')}</p>
      </Screen>
    );
  }
  if (household === null) {
    return (
      <Screen title={t('household.title')} onBack={back} backLabel={t('action.back')}>
        <p className="alert">{t('errors.householdNotFound')}</p>
      </Screen>
    );
  }

  const anonymous = household.consent.status !== 'given';
  return (
    <Screen
      title={anonymous ? t('household.anonymous') : household.headName}
      onBack={back}
      backLabel={t('action.back')}
      actions={
        <Link className="icon-button" href={`/h/${householdId}/edit`} aria-label={t('household.edit')}>
          ✎
        </Link>
      }
      footer={
        <Button variant="primary" onClick={() => navigate(`/h/${householdId}/visit`)}>
          {t('visit.record')}
        </Button>
      }
    >
      <section className="card" aria-label={t('household.details')}>
        <dl className="definition-list">
          <dt>{t('household.address')}</dt>
          <dd>{addressLine(household, t)}</dd>
          {household.phone && (
            <>
              <dt>{t('household.phone')}</dt>
              <dd>
                <a className="call-link" href={`tel:${household.phone}`}>
                  📞 {formatPhone(household.phone)}
                </a>
              </dd>
            </>
          )}
          {household.plaqueCode && (
            <>
              <dt>{t('household.plaque')}</dt>
              <dd>{household.plaqueCode}</dd>
            </>
          )}
          <dt>{t('consent.title')}</dt>
          <dd>
            {anonymous
              ? t('consent.summaryDeclined')
              : t('consent.summaryGiven', {
                  name: household.consent.givenBy,
                  date: formatDateTime(household.consent.at, language),
                  member: household.consent.recordedByName,
                })}
          </dd>
        </dl>
        {household.notes && <p className="visit-notes">{household.notes}</p>}
        {household.plaqueCode && <ReplacePlaqueAction householdId={householdId} plaqueCode={household.plaqueCode} />}
      </section>
      <GapsSummary household={household} persons={persons} />
      <section className="section" aria-labelledby="household-items-title">
        <h2 id="household-items-title">{t('household.householdItems')}</h2>
        <ChecklistList
          items={householdItems(defaultRules(), household)}
          values={itemValues(household.items)}
          language={language}
          label={t('household.householdItems')}
          quickLabel={t('checklist.quickDone')}
          onChange={(itemId, value) => void changeItem({ kind: 'household', id: householdId }, itemId, value)}
        />
      </section>
      <MembersSection
        householdId={householdId}
        persons={persons}
        onItemChange={(personId, itemId, value) => void changeItem({ kind: 'person', id: personId }, itemId, value)}
      />
      <VisitHistory visits={visits} />
      <Button variant="danger" block onClick={() => setConfirmingErase(true)}>
        {t('household.erase')}
      </Button>
      {confirmingErase && (
        <ConfirmDialog
          title={t('household.eraseTitle')}
          confirmLabel={t('household.eraseConfirm')}
          cancelLabel={t('action.cancel')}
          danger
          onConfirm={() => void erase()}
          onCancel={() => setConfirmingErase(false)}
        >
          <p>{t('household.eraseExplain')}</p>
        </ConfirmDialog>
      )}
    </Screen>
  );
}
