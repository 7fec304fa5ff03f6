/**
 * Choose the working village. Villages belong to the commune: a leader adds
 * them here (they reach the team by sync); a member sees the villages their
 * leader assigned them.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { villageInputSchema, type VillageInput } from '../../../shared/village';
import { database } from '../../data/database';
import { getWorkingVillageId, setWorkingVillageId } from '../../data/meta';
import { getSession } from '../../data/session';
import { requestSync } from '../../data/sync-scheduler';
import { fieldErrors } from '../../data/validation';
import { createVillage, listVillages } from '../../data/villages';
import { DataError } from '../../data/write';
import { useT } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/fields';
import { Screen } from '../../ui/screen';
import { showToast } from '../../ui/toast';

const EMPTY_VILLAGE: VillageInput = { name: '', communeName: '', provinceName: '', legacyDistrict: '' };

export function ChooseVillageScreen() {
  const { t } = useT();
  const db = database();
  const villages = useLiveQuery(() => listVillages(db), []);
  const workingId = useLiveQuery(() => getWorkingVillageId(db), []);
  const session = useLiveQuery(async () => (await getSession(db)) ?? null, []);
  // Villages belong to the commune: leaders add them; members get them assigned (they arrive by sync).
  const canAdd = session === null || session?.user.role === 'leader';
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<VillageInput>(EMPTY_VILLAGE);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function choose(villageId: string) {
    await setWorkingVillageId(db, villageId);
    if (window.location.pathname === '/villages') navigate('/', { replace: true });
  }

  async function add() {
    const found = fieldErrors(villageInputSchema, draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      const village = await createVillage(db, draft);
      setDraft(EMPTY_VILLAGE);
      setAdding(false);
      await choose(village.id);
    } catch (error) {
      showToast(t(error instanceof DataError ? error.messageKey : 'errors.saveFailed'), 'error');
    }
  }

  const error = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  const showForm = canAdd && (adding || villages?.length === 0);
  return (
    <Screen title={t('villages.title')}>
      {villages && villages.length > 0 && (
        <ul className="household-list" aria-label={t('villages.title')}>
          {villages.map((village) => (
            <li key={village.id}>
              <button
                type="button"
                className="household-row button-block"
                aria-current={village.id === workingId ? 'true' : undefined}
                onClick={() => void choose(village.id)}
              >
                <span className="grow">
                  <span className="title">{village.name}</span>
                  <br />
                  <span className="subtitle">
                    {[village.communeName, village.provinceName].filter(Boolean).join(', ')}
                  </span>
                </span>
                {village.id === workingId && <span className="badge badge-done">{t('villages.current')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {showForm ? (
        <section className="section card" aria-labelledby="add-village-title">
          <h2 id="add-village-title">{t('villages.add')}</h2>
          {villages?.length === 0 && <p>{t('villages.firstHint')}</p>}
          <TextField label={t('villages.name')} hint={t('villages.nameHint')} value={draft.name} onValue={(name) => setDraft({ ...draft, name })} error={error('name')} />
          <TextField label={t('villages.commune')} hint={t('villages.communeHint')} value={draft.communeName} onValue={(communeName) => setDraft({ ...draft, communeName })} error={error('communeName')} />
          <TextField label={t('villages.province')} value={draft.provinceName} onValue={(provinceName) => setDraft({ ...draft, provinceName })} error={error('provinceName')} />
          <TextField label={t('villages.legacyDistrict')} hint={t('villages.legacyDistrictHint')} value={draft.legacyDistrict} onValue={(legacyDistrict) => setDraft({ ...draft, legacyDistrict })} error={error('legacyDistrict')} />
          <Button variant="primary" block onClick={() => void add()}>
            {t('villages.addAndChoose')}
          </Button>
        </section>
      ) : canAdd ? (
        <Button block onClick={() => setAdding(true)}>
          + {t('villages.add')}
        </Button>
      ) : (
        villages?.length === 0 && (
          <section className="card section">
            <p>{t('villages.noneAssigned')}</p>
            <Button variant="primary" block onClick={requestSync}>
              {t('sync.now')}
            </Button>
          </section>
        )
      )}
    </Screen>
  );
}
