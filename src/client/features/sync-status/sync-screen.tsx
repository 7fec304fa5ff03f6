/**
 * The sync screen: what is still on the phone only, when the last sync
 * succeeded, "sync now", and every conflict or refused change with both
 * values, who and when — resolved by choosing, never dropped silently.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { database, type SyncIssue } from '../../data/database';
import { getSession } from '../../data/session';
import { resolveIssue } from '../../data/sync-issues';
import { requestSync } from '../../data/sync-scheduler';
import { DataError } from '../../data/write';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { goBack, Link } from '../../lib/router';
import { Button } from '../../ui/button';
import { Screen } from '../../ui/screen';
import { showToast } from '../../ui/toast';
import { fieldLabel, fieldValue } from './describe-field';
import { ageParts, useSyncStatus } from './use-sync-status';

function IssueCard({ issue, team }: { issue: SyncIssue; team: Record<string, string> }) {
  const { t, language } = useT();
  const db = database();
  const resolve = (choice: 'mine' | 'theirs') =>
    resolveIssue(db, issue.id, choice).catch((error: unknown) =>
      showToast(t(error instanceof DataError ? error.messageKey : 'errors.saveFailed'), 'error'),
    );
  const who = issue.serverUpdatedBy ? (team[issue.serverUpdatedBy] ?? t('sync.otherMember')) : t('sync.otherMember');
  return (
    <li className="card section">
      <strong>{t(`sync.issue.${issue.kind}`)}</strong>
      {issue.householdId && (
        <Link href={`/h/${issue.householdId}`} className="button button-ghost">
          {t('sync.openHousehold')}
        </Link>
      )}
      {issue.kind === 'conflict' && issue.field && (
        <dl className="definition-list">
          <dt>{fieldLabel(issue.field, language, t)}</dt>
          <dd>{t('sync.theirValue', { who, value: fieldValue(issue.field, issue.serverValue, language, t) })}</dd>
          <dd>{t('sync.yourValue', { value: fieldValue(issue.field, issue.clientValue, language, t), when: formatDateTime(issue.editedAt, language) })}</dd>
        </dl>
      )}
      {/* Why the server kept its value, when it is a rule and not a teammate's edit (a plaque already on another gate). */}
      {issue.kind === 'conflict' && issue.error && <p>{t(issue.error)}</p>}
      {issue.kind !== 'conflict' && (
        <p>
          {t(issue.error ?? 'errors.invalidValue')} · {t('sync.editedAt', { when: formatDateTime(issue.editedAt, language) })}
        </p>
      )}
      {issue.kind !== 'conflict' && issue.fields && Object.keys(issue.fields).length > 0 && (
        <details>
          <summary>{t('sync.showChange')}</summary>
          <dl className="definition-list">
            {Object.entries(issue.fields).flatMap(([field, value]) => [
              <dt key={`${field}-label`}>{fieldLabel(field, language, t)}</dt>,
              <dd key={`${field}-value`}>{fieldValue(field, value, language, t)}</dd>,
            ])}
          </dl>
        </details>
      )}
      <div className="row">
        {issue.kind === 'conflict' ? (
          <>
            <Button onClick={() => void resolve('theirs')}>{t('sync.keepTheirs')}</Button>
            <Button variant="primary" onClick={() => void resolve('mine')}>
              {t('sync.keepMine')}
            </Button>
          </>
        ) : (
          <Button onClick={() => void resolve('theirs')}>{t('sync.acknowledge')}</Button>
        )}
      </div>
    </li>
  );
}

export function SyncScreen() {
  const { t, language } = useT();
  const db = database();
  const status = useSyncStatus();
  const issues = useLiveQuery(() => db.syncIssues.filter((issue) => issue.resolvedAt === null).reverse().sortBy('createdAt'), []);
  const session = useLiveQuery(() => getSession(db), []);
  const age = status.oldestEditedAt ? ageParts(status.oldestEditedAt) : null;
  return (
    <Screen title={t('sync.title')} onBack={() => goBack('/')} backLabel={t('action.back')}>
      <section className="card section" aria-label={t('sync.title')}>
        <dl className="definition-list">
          <dt>{t('sync.unsent')}</dt>
          <dd>
            {formatNumber(status.pending, language)}
            {age && ` · ${t('sync.oldest', { age: t(`sync.age.${age.unit}`, { count: age.value }) })}`}
          </dd>
          <dt>{t('sync.lastSuccess')}</dt>
          <dd>{status.lastSyncAt ? formatDateTime(status.lastSyncAt, language) : t('sync.never')}</dd>
          <dt>{t('sync.state')}</dt>
          <dd>{t(`sync.phase.${status.progress.phase}`)}</dd>
        </dl>
        {status.expired ? (
          <Link className="button button-primary" href="/sign-in">
            {t('sync.signInAgain')}
          </Link>
        ) : (
          <Button variant="primary" block onClick={requestSync}>
            {t('sync.now')}
          </Button>
        )}
      </section>
      <section className="section" aria-labelledby="issues-title">
        <h2 id="issues-title">{t('sync.issuesTitle', { count: issues?.length ?? 0 })}</h2>
        {issues && issues.length === 0 && <p className="muted">{t('sync.noIssues')}</p>}
        <ul className="visit-list">
          {issues?.map((issue) => <IssueCard key={issue.id} issue={issue} team={session?.team ?? {}} />)}
        </ul>
      </section>
    </Screen>
  );
}
