/**
 * Printing is for team leaders: only their accounts may reserve plaque
 * numbers (the server refuses others), so a member sees why the screen is
 * empty instead of a button that cannot work.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { ReactNode } from 'react';
import { database } from '../../data/database';
import { getSession } from '../../data/session';
import { useT } from '../../lib/i18n';
import { goBack } from '../../lib/router';
import { Screen } from '../../ui/screen';

export function LeaderOnly({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useT();
  const db = database();
  const role = useLiveQuery(async () => (await getSession(db))?.user.role ?? null, [db]);
  if (role === 'leader') return children;
  return (
    <Screen title={title} onBack={() => goBack('/')} backLabel={t('action.back')}>
      {role === undefined ? <p className="muted">{t('app.loading')}</p> : <p className="alert">{t('plaques.leaderOnly')}</p>}
    </Screen>
  );
}
