/**
 * A retired plaque, scanned: a lost one found again, or an old plaque still on
 * a gate after its replacement was put up. Says which household it belonged
 * to and the code of the plaque that replaced it, so the member can take the
 * old one down, and opens that household.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Plaque } from '../../../shared/plaque';
import { database } from '../../data/database';
import { useT } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { Button } from '../../ui/button';

export function RetiredPlaque({ code, plaque, householdId }: { code: string; plaque: Plaque; householdId: string | null }) {
  const { t } = useT();
  const db = database();
  const household = useLiveQuery(async () => (householdId ? ((await db.households.get(householdId)) ?? null) : null), [db, householdId]);
  const erased = plaque.retiredReason === 'household_erased';
  // The household's plaque now; the recorded replacement when this phone has no newer one.
  const newCode = (household && household.plaqueCode !== code ? household.plaqueCode : '') || plaque.replacedBy;

  let whose: string | null = null;
  if (household) {
    const name = household.consent.status === 'given' && household.headName ? household.headName : t('household.anonymous');
    const address = [household.houseNumber && `${t('household.numberShort')} ${household.houseNumber}`, household.hamlet]
      .filter(Boolean)
      .join(', ');
    whose = address ? `${name} — ${address}` : name;
  }

  return (
    <div className="section">
      <p className="alert" role="alert">
        {erased
          ? t('scan.retiredErased', { code })
          : newCode
            ? t('scan.retiredReplaced', { code, newCode })
            : t('scan.retiredNoReplacement', { code })}
      </p>
      {whose && (
        <div className="card">
          <p className="muted">{t('scan.retiredHousehold')}</p>
          <p>
            <strong>{whose}</strong>
          </p>
          {newCode && <p>{t('scan.retiredTakeDown', { newCode })}</p>}
        </div>
      )}
      {household && (
        <Button variant="primary" block onClick={() => navigate(`/h/${household.id}`, { replace: true })}>
          {t('scan.openHousehold')}
        </Button>
      )}
    </div>
  );
}
