/**
 * For team leaders: the commune's villages and members. Villages are records
 * like any other (added offline, synced); accounts need a connection.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { fetchTransport } from '../../data/api';
import { database } from '../../data/database';
import { createMember, listTeam, type TeamMember } from '../../data/team';
import { listVillages } from '../../data/villages';
import { DataError } from '../../data/write';
import { useT } from '../../lib/i18n';
import { goBack, Link } from '../../lib/router';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/fields';
import { Screen } from '../../ui/screen';
import { MemberCard } from './member-card';

export function TeamScreen() {
  const { t } = useT();
  const db = database();
  const villages = useLiveQuery(() => listVillages(db), []);
  const [members, setMembers] = useState<TeamMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState({ username: '', displayName: '' });
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);

  const load = useCallback(() => {
    listTeam(db, fetchTransport)
      .then((list) => {
        setMembers(list);
        setError(null);
      })
      .catch((failure: unknown) => setError(failure instanceof DataError ? failure.messageKey : 'errors.teamFailed'));
  }, [db]);
  useEffect(load, [load]);

  async function add() {
    try {
      const result = await createMember(db, fetchTransport, draft);
      setCreated({ username: result.member.username, password: result.password });
      setDraft({ username: '', displayName: '' });
      load();
    } catch (failure) {
      setError(failure instanceof DataError ? failure.messageKey : 'errors.teamFailed');
    }
  }

  return (
    <Screen title={t('team.title')} onBack={() => goBack('/')} backLabel={t('action.back')}>
      <section className="section" aria-labelledby="team-villages">
        <div className="section-title">
          <h2 id="team-villages">{t('team.villagesTitle', { count: villages?.length ?? 0 })}</h2>
          <Link className="button" href="/villages">
            {t('team.manageVillages')}
          </Link>
        </div>
      </section>
      <section className="section" aria-labelledby="team-members">
        <h2 id="team-members">{t('team.membersTitle')}</h2>
        {error && <p className="alert">{t(error)}</p>}
        {members === null && !error && <p className="muted">{t('app.loading')}</p>}
        <ul className="visit-list">
          {members?.map((member) => <MemberCard key={member.id} member={member} villages={villages ?? []} onChanged={load} />)}
        </ul>
      </section>
      <form
        className="section card"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <h2>{t('team.addMember')}</h2>
        <TextField label={t('team.displayName')} value={draft.displayName} onValue={(displayName) => setDraft({ ...draft, displayName })} />
        <TextField
          label={t('team.username')}
          hint={t('team.usernameHint')}
          value={draft.username}
          autoCapitalize="none"
          onValue={(username) => setDraft({ ...draft, username })}
        />
        <Button type="submit" variant="primary" block>
          {t('team.create')}
        </Button>
        {created && (
          <p className="card card-wash" role="status">
            {t('team.createdPassword', created)}
          </p>
        )}
      </form>
    </Screen>
  );
}
