/**
 * The header's sync indicator: unsynced count and the age of the oldest,
 * a progress bar while syncing, and a warning when sign-in or attention is
 * needed. Taps open the sync screen.
 */
import { useT } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { ageParts, useSyncStatus } from './use-sync-status';

export function SyncIndicator() {
  const { t } = useT();
  const status = useSyncStatus();
  const syncing = status.progress.phase === 'pushing' || status.progress.phase === 'pulling';
  let label: string;
  let tone: 'ok' | 'warn' | 'busy';
  if (status.expired || status.progress.phase === 'signed_out') {
    label = t('sync.signInAgain');
    tone = 'warn';
  } else if (syncing) {
    label = t('sync.syncing', { percent: Math.round(status.progress.progress * 100) });
    tone = 'busy';
  } else if (status.pending > 0) {
    const age = status.oldestEditedAt ? ageParts(status.oldestEditedAt) : null;
    label = age ? t('sync.pendingWithAge', { count: status.pending, age: t(`sync.age.${age.unit}`, { count: age.value }) }) : t('sync.pending', { count: status.pending });
    tone = 'warn';
  } else {
    label = status.progress.phase === 'offline' ? t('sync.offlineAllSaved') : t('sync.allSent');
    tone = 'ok';
  }
  return (
    <Link
      href="/sync"
      className={`sync-indicator sync-${tone}`}
      aria-label={`${t('sync.title')}: ${label}${status.openIssues > 0 ? ` · ${t('sync.needsAttention', { count: status.openIssues })}` : ''}`}
    >
      <span aria-hidden="true">{tone === 'ok' ? '✓' : tone === 'busy' ? '⟳' : '↑'}</span>
      <span className="sync-label">{label}</span>
      {status.openIssues > 0 && <span className="sync-issues">{status.openIssues}</span>}
      {syncing && (
        <span className="sync-bar" aria-hidden="true">
          <span style={{ width: `${Math.round(status.progress.progress * 100)}%` }} />
        </span>
      )}
    </Link>
  );
}
