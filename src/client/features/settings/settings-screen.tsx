/** Language, who is using this phone, whether storage is safe, and the app version. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { database } from '../../data/database';
import { fetchTransport } from '../../data/api';
import { getSession, signOut } from '../../data/session';
import { storageStatus, type StorageStatus } from '../../data/storage';
import { formatBytes, formatNumber } from '../../lib/format';
import { changeLanguage, useT, type Language } from '../../lib/i18n';
import { goBack, Link, navigate } from '../../lib/router';
import { Button } from '../../ui/button';
import { ChoiceGroup } from '../../ui/choice-group';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Screen } from '../../ui/screen';

export function SettingsScreen() {
  const { t, language } = useT();
  const db = database();
  const session = useLiveQuery(async () => (await getSession(db)) ?? null, []);
  const [confirmingSignOut, setConfirmingSignOut] = useState(false);
  const pendingChanges = useLiveQuery(() => db.outbox.count(), []);
  const [storage, setStorage] = useState<StorageStatus | null>(null);

  useEffect(() => {
    storageStatus()
      .then(setStorage)
      .catch((error: unknown) => console.warn('storage estimate failed', error));
  }, []);

  const persistedText =
    storage?.persisted === true
      ? t('settings.storagePersisted')
      : storage?.persisted === false
        ? t('settings.storageNotPersisted')
        : t('settings.storageUnknown');

  return (
    <Screen title={t('settings.title')} onBack={() => goBack('/')} backLabel={t('action.back')}>
      <ChoiceGroup
        legend={t('settings.language')}
        choices={[
          { value: 'vi', label: 'Tiếng Việt' },
          { value: 'en', label: 'English' },
        ]}
        value={language}
        onChange={(value) => void changeLanguage(value as Language)}
      />
      {session && (
        <section className="section card" aria-labelledby="account-title">
          <h2 id="account-title">{t('settings.account')}</h2>
          <p>
            {t('account.signedInAs', { name: session.user.displayName })} · {session.user.username}
            {session.commune && ` · ${session.commune.name}`}
          </p>
          <Link className="button" href="/sync">
            {t('sync.title')}
          </Link>
          {session.user.role === 'leader' && (
            <>
              <Link className="button" href="/team">
                {t('team.title')}
              </Link>
              <Link className="button" href="/plaques">
                {t('plaques.title')}
              </Link>
            </>
          )}
          <Button variant="danger" onClick={() => setConfirmingSignOut(true)}>
            {t('account.signOut')}
          </Button>
        </section>
      )}
      {confirmingSignOut && (
        <ConfirmDialog
          title={t('account.signOutTitle')}
          confirmLabel={t('account.signOut')}
          cancelLabel={t('action.cancel')}
          danger
          onConfirm={() => {
            setConfirmingSignOut(false);
            void signOut(db, fetchTransport).then(() => navigate('/sign-in', { replace: true }));
          }}
          onCancel={() => setConfirmingSignOut(false)}
        >
          <p>{pendingChanges ? t('account.signOutPending', { count: pendingChanges }) : t('account.signOutExplain')}</p>
        </ConfirmDialog>
      )}
      <section className="section card" aria-labelledby="storage-title">
        <h2 id="storage-title">{t('settings.storage')}</h2>
        <dl className="definition-list">
          <dt>{t('settings.storageStatus')}</dt>
          <dd>{persistedText}</dd>
          <dt>{t('settings.storageUsed')}</dt>
          <dd>
            {storage?.usageBytes != null
              ? t('settings.storageUsage', {
                  used: formatBytes(storage.usageBytes, language),
                  quota: storage.quotaBytes != null ? formatBytes(storage.quotaBytes, language) : '?',
                })
              : t('settings.storageUnknown')}
          </dd>
          <dt>{t('settings.pendingChanges')}</dt>
          <dd>{pendingChanges === undefined ? '…' : formatNumber(pendingChanges, language)}</dd>
        </dl>
        {storage?.persisted === false && <p className="muted">{t('settings.storageAdvice')}</p>}
      </section>
      <section className="section card" aria-labelledby="about-title">
        <h2 id="about-title">{t('settings.about')}</h2>
        <p>
          {t('app.name')} · {t('settings.version', { version: __APP_VERSION__ })}
        </p>
        <p className="muted">{t('app.tagline')}</p>
      </section>
    </Screen>
  );
}
