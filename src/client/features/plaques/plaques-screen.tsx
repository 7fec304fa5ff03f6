/**
 * For team leaders: make a print run of QR plaques for one village — one
 * plaque for each household still without one, or a number of blank plaques
 * to carry along — and open its A4 print preview. Codes come from numbers
 * this phone reserved from the server (data/plaques.ts), so two leaders
 * never print the same code, and printing works offline while the phone
 * still holds enough of them; it reserves more when it is online.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { fetchTransport, type Transport } from '../../data/api';
import { database } from '../../data/database';
import { getWorkingVillageId } from '../../data/meta';
import { availablePlaqueNumbers, createPlaques, ensurePlaqueNumbers, type PrintRequest } from '../../data/plaques';
import { listVillages } from '../../data/villages';
import { DataError } from '../../data/write';
import { formatNumber } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { goBack, navigate } from '../../lib/router';
import { Button } from '../../ui/button';
import { ChoiceGroup } from '../../ui/choice-group';
import { TextField } from '../../ui/fields';
import { Screen } from '../../ui/screen';
import { LeaderOnly } from './leader-only';
import { householdsWithoutPlaque } from './plaque-runs';
import { printPath } from './print-selection';
import { ReprintSection } from './reprint-section';

/** Blank plaques per run: a few A4 sheets' worth is what one printer run and one walk need. */
export const MAX_BLANK_PLAQUES = 500;

type RunKind = 'households' | 'blank';

/** The blank count typed, or null unless it is a whole number from 1 to MAX_BLANK_PLAQUES. */
function blankCount(text: string): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const count = Number(text.trim());
  return count >= 1 && count <= MAX_BLANK_PLAQUES ? count : null;
}

/** `transport`: how plaque numbers are reserved from the server (tests hand in a fake one). */
export function PlaquesScreen({ transport = fetchTransport }: { transport?: Transport } = {}) {
  const { t } = useT();
  return (
    <LeaderOnly title={t('plaques.title')}>
      <PrintRunForm transport={transport} />
    </LeaderOnly>
  );
}

function PrintRunForm({ transport }: { transport: Transport }) {
  const { t, language } = useT();
  const db = database();
  const villages = useLiveQuery(() => listVillages(db), [db]);
  const workingId = useLiveQuery(async () => (await getWorkingVillageId(db)) ?? null, [db]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const villageId = chosenId ?? (villages?.some((village) => village.id === workingId) ? workingId : villages?.[0]?.id) ?? null;
  // Tagged with its village: after a switch the previous village's list is still returned until the new one is read,
  // and the screen must say "…", not a count of the wrong village (or 0 before the working village is known).
  const read = useLiveQuery(
    async () => (villageId ? { villageId, rows: await householdsWithoutPlaque(db, villageId) } : null),
    [db, villageId],
  );
  const households = villageId === null ? (villages === undefined ? undefined : []) : read?.villageId === villageId ? read.rows : undefined;
  const available = useLiveQuery(() => availablePlaqueNumbers(db), [db]);
  const [kind, setKind] = useState<RunKind>('households');
  const [blankText, setBlankText] = useState('8');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const blanks = blankCount(blankText);
  const needed = kind === 'households' ? (households?.length ?? 0) : (blanks ?? 0);

  async function print() {
    if (!villageId || needed === 0 || (kind === 'households' && !households)) return;
    setBusy(true);
    setError(null);
    const request: PrintRequest =
      kind === 'households' ? { villageId, householdIds: (households ?? []).map((household) => household.id) } : { villageId, blankCount: needed };
    try {
      // Offline with enough reserved numbers this returns at once; otherwise it asks the server for more.
      await ensurePlaqueNumbers(db, transport, needed);
      const plaques = await createPlaques(db, request);
      const first = plaques[0];
      if (first) navigate(printPath(villageId, { kind: 'run', createdAt: first.createdAt, printedBy: first.printedBy }));
    } catch (failure) {
      setError(failure instanceof DataError ? failure.messageKey : 'plaques.createFailed');
    } finally {
      setBusy(false);
    }
  }

  const back = () => goBack('/settings');
  if (villages === undefined) {
    return (
      <Screen title={t('plaques.title')} onBack={back} backLabel={t('action.back')}>
        <p className="muted">{t('app.loading')}</p>
      </Screen>
    );
  }
  const countText = households === undefined ? '…' : formatNumber(households.length, language);
  return (
    <Screen
      title={t('plaques.title')}
      onBack={back}
      backLabel={t('action.back')}
      footer={
        <Button variant="primary" disabled={busy || needed === 0 || !villageId} onClick={() => void print()}>
          {busy ? t('plaques.creating') : needed === 0 ? t('plaques.createNone') : t('plaques.create', { count: needed })}
        </Button>
      }
    >
      {villages.length === 0 ? (
        <p className="alert">{t('plaques.noVillages')}</p>
      ) : (
        <ChoiceGroup
          legend={t('plaques.village')}
          choices={villages.map((village) => ({ value: village.id, label: village.name }))}
          value={villageId}
          onChange={(id) => {
            setChosenId(id);
            setError(null);
          }}
        />
      )}
      <ChoiceGroup
        legend={t('plaques.what')}
        stacked
        choices={[
          { value: 'households', label: t('plaques.forHouseholds', { count: households?.length ?? 0, shown: countText }) },
          { value: 'blank', label: t('plaques.blank') },
        ]}
        value={kind}
        onChange={(value) => {
          setKind(value as RunKind);
          setError(null);
        }}
      />
      {kind === 'households' && households?.length === 0 && <p className="card card-wash">{t('plaques.allHavePlaques')}</p>}
      {kind === 'households' && households !== undefined && households.length > 0 && <p className="muted">{t('plaques.householdsHint')}</p>}
      {kind === 'blank' && (
        <TextField
          label={t('plaques.blankCount')}
          hint={t('plaques.blankCountHint', { max: MAX_BLANK_PLAQUES })}
          error={blanks === null ? t('plaques.blankCountInvalid', { max: MAX_BLANK_PLAQUES }) : undefined}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_BLANK_PLAQUES}
          value={blankText}
          onValue={setBlankText}
        />
      )}
      <p className="card card-wash plaque-reserve" aria-live="polite">
        {t('plaques.reserved', { count: available ?? 0, shown: formatNumber(available ?? 0, language) })}
        {available !== undefined && available < needed && (
          <>
            <br />
            {t('plaques.reserveNeeded')}
          </>
        )}
      </p>
      {error && (
        <p className="alert" role="alert">
          {t(error)}
        </p>
      )}
      {villageId && <ReprintSection villageId={villageId} />}
    </Screen>
  );
}
