/**
 * A lost or damaged plaque: the old code is retired (scanning it then says
 * the plaque was replaced) and the household gets a new code at once, whose
 * print preview opens. Shown to team leaders only: the new code is taken from
 * the plaque numbers a leader's phone reserves, and only a leader can print
 * it — a member who finds a broken plaque tells the leader.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import { fetchTransport } from '../../data/api';
import { database } from '../../data/database';
import { ensurePlaqueNumbers, replacePlaque } from '../../data/plaques';
import { getSession } from '../../data/session';
import { DataError } from '../../data/write';
import { useT } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { Button } from '../../ui/button';
import { ChoiceGroup } from '../../ui/choice-group';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { showToast } from '../../ui/toast';

type Reason = 'lost' | 'damaged';
const REASONS: Reason[] = ['lost', 'damaged'];

export function ReplacePlaqueAction({ householdId, plaqueCode }: { householdId: string; plaqueCode: string }) {
  const { t } = useT();
  const db = database();
  const isLeader = useLiveQuery(async () => (await getSession(db))?.user.role === 'leader', [db]);
  const [reason, setReason] = useState<Reason | null>(null);
  const [busy, setBusy] = useState(false);
  // A second tap before the first replacement finished must not make a second new plaque.
  const running = useRef(false);
  if (!isLeader) return null;

  async function replace(chosen: Reason) {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await ensurePlaqueNumbers(db, fetchTransport, 1);
      const plaque = await replacePlaque(db, householdId, chosen);
      setReason(null);
      showToast(t('household.replacePlaqueDone', { code: plaque.code }));
      // The print preview of the new plaque alone (features/plaques, by its URL).
      navigate(`/plaques/print/${encodeURIComponent(plaque.villageId)}?${new URLSearchParams({ code: plaque.code }).toString()}`);
    } catch (error) {
      setReason(null);
      showToast(t(error instanceof DataError ? error.messageKey : 'errors.saveFailed'), 'error', 6000);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return (
    <>
      <Button block className="plaque-replace" disabled={busy} onClick={() => setReason('lost')}>
        {t('household.replacePlaque')}
      </Button>
      {reason && (
        <ConfirmDialog
          title={t('household.replacePlaqueTitle')}
          confirmLabel={t('household.replacePlaqueConfirm')}
          cancelLabel={t('action.cancel')}
          onConfirm={() => void replace(reason)}
          onCancel={() => setReason(null)}
        >
          <ChoiceGroup
            legend={t('household.replacePlaqueReason')}
            choices={REASONS.map((value) => ({ value, label: t(`household.replaceReason.${value}`) }))}
            value={reason}
            onChange={(value) => setReason(value as Reason)}
          />
          <p>{t('household.replacePlaqueExplain', { code: plaqueCode })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
