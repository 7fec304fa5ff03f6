/**
 * Register a household (consent first, then details and members) or edit
 * one. Errors are shown next to their fields, in Vietnamese first, and
 * nothing typed is lost. Opened from a scanned plaque (/h/new?plaque=CODE),
 * the registration puts that plaque on the new household when it is saved.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { householdInputSchema } from '../../../shared/household';
import { personInputSchema } from '../../../shared/person';
import { parsePlaqueCode } from '../../../shared/plaque-code';
import { database, type GoCuaDatabase } from '../../data/database';
import { registerHousehold, setItemValue, updateHousehold } from '../../data/households';
import { getWorkingVillageId } from '../../data/meta';
import { assignPlaque, resolvePlaque } from '../../data/plaques';
import { fieldErrors, ValidationError } from '../../data/validation';
import { DataError } from '../../data/write';
import { useT } from '../../lib/i18n';
import { goBack, navigate, queryParam, useLocation } from '../../lib/router';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Screen } from '../../ui/screen';
import { showToast } from '../../ui/toast';
import { ConsentStep } from './consent-step';
import {
  draftFromHousehold,
  EMPTY_DRAFT,
  householdInput,
  parseBirthYear,
  personInput,
  type HouseholdDraft,
} from './household-draft';
import { HouseholdFields } from './household-fields';
import { MembersEditor } from './members-editor';

function validate(draft: HouseholdDraft, villageId: string, registering: boolean): Record<string, string> {
  const errors = fieldErrors(householdInputSchema, householdInput(draft, villageId));
  if (draft.consentStatus === null) errors['consent.status'] = 'errors.consentRequired';
  const anonymous = draft.consentStatus !== 'given';
  if (registering) {
    const head = fieldErrors(personInputSchema, {
      fullName: '',
      birthYear: parseBirthYear(draft.headBirthYear),
      relation: 'head',
      phone: '',
    });
    if (head.birthYear) errors.headBirthYear = head.birthYear;
    draft.members.forEach((member, index) => {
      for (const [path, key] of Object.entries(fieldErrors(personInputSchema, personInput(member)))) {
        errors[`members.${index}.${path}`] = key;
      }
      if (!anonymous && member.fullName.trim() === '') errors[`members.${index}.fullName`] = 'errors.required';
    });
  }
  return errors;
}

/** Why a scanned plaque cannot go on a new household (an error key), or null when it can. */
async function plaqueProblem(db: GoCuaDatabase, code: string): Promise<string | null> {
  const resolution = await resolvePlaque(db, code, null);
  if (resolution.kind === 'household') return 'errors.plaqueTaken';
  return resolution.kind === 'retired' ? 'errors.plaqueRetired' : null;
}

export function HouseholdFormScreen({ householdId }: { householdId?: string }) {
  const { t } = useT();
  const db = database();
  const registering = householdId === undefined;
  const existing = useLiveQuery(async () => (householdId ? ((await db.households.get(householdId)) ?? null) : null), [householdId]);
  const workingVillageId = useLiveQuery(async () => (await getWorkingVillageId(db)) ?? null, []);
  const [draft, setDraft] = useState<HouseholdDraft>(EMPTY_DRAFT);
  const [step, setStep] = useState<'consent' | 'details'>(registering ? 'consent' : 'details');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [confirmingWithdrawal, setConfirmingWithdrawal] = useState(false);
  const location = useLocation();
  const plaqueParam = registering ? queryParam(location, 'plaque') : null;
  const parsedPlaque = plaqueParam === null ? null : parsePlaqueCode(plaqueParam);
  const plaqueCode = parsedPlaque?.ok ? parsedPlaque.code : null;
  const plaqueTrouble = useLiveQuery(async () => (plaqueCode ? plaqueProblem(db, plaqueCode) : null), [plaqueCode]);

  useEffect(() => {
    if (existing) setDraft(draftFromHousehold(existing));
  }, [existing]);

  const villageId = existing?.villageId ?? workingVillageId ?? '';
  const change = (patch: Partial<HouseholdDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const back = () => (householdId ? goBack(`/h/${householdId}`) : goBack('/'));

  function continueFromConsent() {
    const consentErrors = validate(draft, villageId, false);
    const relevant = Object.fromEntries(Object.entries(consentErrors).filter(([path]) => path.startsWith('consent')));
    setErrors(relevant);
    if (Object.keys(relevant).length === 0) setStep('details');
  }

  /** Withdrawing consent blanks every name and phone of the household: ask first. */
  function requestSave() {
    if (existing?.consent.status === 'given' && draft.consentStatus === 'declined') setConfirmingWithdrawal(true);
    else void save();
  }

  /** After the household is saved: a plaque that cannot be attached must not undo the registration. */
  async function attachPlaque(code: string, newHouseholdId: string): Promise<void> {
    try {
      await assignPlaque(db, code, newHouseholdId);
      showToast(t('household.registeredWithPlaque', { code }));
    } catch (error) {
      if (!(error instanceof DataError)) console.error(error);
      const reason = t(error instanceof DataError ? error.messageKey : 'errors.saveFailed');
      showToast(t('household.plaqueNotAssigned', { reason }), 'error', 8000);
    }
  }

  async function save() {
    setConfirmingWithdrawal(false);
    const found = validate(draft, villageId, registering);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      showToast(t('errors.fixHighlighted'), 'error');
      return;
    }
    setSaving(true);
    try {
      const input = householdInput(draft, villageId, existing?.legacyAddress);
      if (registering) {
        const attach = plaqueCode && (await plaqueProblem(db, plaqueCode)) === null ? plaqueCode : null;
        const household = await registerHousehold(db, {
          household: input,
          business: draft.business,
          headBirthYear: parseBirthYear(draft.headBirthYear),
          members: draft.members.map(personInput),
        });
        if (attach) await attachPlaque(attach, household.id);
        else showToast(t('household.registered'));
        navigate(`/h/${household.id}`, { replace: true });
      } else {
        await updateHousehold(db, householdId, input);
        if (draft.business !== (existing?.items['hh.business']?.value ?? 'unknown')) {
          await setItemValue(db, { kind: 'household', id: householdId }, 'hh.business', draft.business);
        }
        showToast(t('household.saved'));
        goBack(`/h/${householdId}`);
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        setErrors(Object.fromEntries(error.issues.map((issue) => [issue.path, issue.messageKey])));
        showToast(t('errors.fixHighlighted'), 'error');
      } else {
        showToast(t(error instanceof DataError ? error.messageKey : 'errors.saveFailed'), 'error');
        console.error(error);
      }
    } finally {
      setSaving(false);
    }
  }

  if (!registering && existing === null) {
    return (
      <Screen title={t('household.edit')} onBack={back} backLabel={t('action.back')}>
        <p className="alert">{t('errors.householdNotFound')}</p>
      </Screen>
    );
  }

  return (
    <Screen
      title={registering ? t('household.register') : t('household.edit')}
      onBack={back}
      backLabel={t('action.back')}
      footer={
        step === 'consent' ? (
          <Button variant="primary" onClick={continueFromConsent}>
            {t('action.continue')}
          </Button>
        ) : (
          <Button variant="primary" onClick={requestSave} disabled={saving}>
            {t('action.save')}
          </Button>
        )
      }
    >
      {registering && (
        <ol className="stepper" aria-label={t('household.steps')}>
          <li aria-current={step === 'consent' ? 'step' : undefined}>1. {t('consent.title')}</li>
          <li aria-current={step === 'details' ? 'step' : undefined}>2. {t('household.details')}</li>
        </ol>
      )}
      {parsedPlaque &&
        (plaqueCode ? (
          <div className="card card-wash">
            <p>
              <strong>{t('household.plaqueFromScan', { code: plaqueCode })}</strong>
            </p>
            {plaqueTrouble ? (
              <p className="alert" role="alert">
                {t(plaqueTrouble)} {t('household.plaqueSkipped')}
              </p>
            ) : (
              <p className="muted">{t('household.plaqueFromScanHint')}</p>
            )}
          </div>
        ) : (
          <p className="alert" role="alert">
            {t('household.plaqueLinkInvalid')}
          </p>
        ))}
      {(step === 'consent' || !registering) && (
        <ConsentStep
          status={draft.consentStatus}
          givenBy={draft.givenBy}
          errors={errors}
          onStatus={(consentStatus) => change({ consentStatus })}
          onGivenBy={(givenBy) => change({ givenBy })}
        />
      )}
      {step === 'details' && (
        <>
          <HouseholdFields draft={draft} errors={errors} showHeadBirthYear={registering} onChange={change} />
          {registering && (
            <MembersEditor
              members={draft.members}
              anonymous={draft.consentStatus !== 'given'}
              errors={errors}
              onChange={(members) => change({ members })}
            />
          )}
        </>
      )}
      {confirmingWithdrawal && (
        <ConfirmDialog
          title={t('consent.withdrawTitle')}
          confirmLabel={t('consent.withdrawConfirm')}
          cancelLabel={t('action.cancel')}
          danger
          onConfirm={() => void save()}
          onCancel={() => setConfirmingWithdrawal(false)}
        >
          <p>{t('consent.withdrawExplain')}</p>
        </ConfirmDialog>
      )}
    </Screen>
  );
}
