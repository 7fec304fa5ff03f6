/**
 * The shell: first-start gate (member name, working village), the current
 * screen, the update banner and toasts. Everything is read from IndexedDB.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, useEffect } from 'react';
import { database } from '../data/database';
import { fetchTransport } from '../data/api';
import { getMember, getWorkingVillageId } from '../data/meta';
import { getSession } from '../data/session';
import { startSyncScheduler } from '../data/sync-scheduler';
import { SignInScreen } from '../features/account/sign-in-screen';
import { useT } from '../lib/i18n';
import { navigate, useLocation } from '../lib/router';
import { Button } from '../ui/button';
import { Screen } from '../ui/screen';
import { ToastHost } from '../ui/toast';
import { ErrorBoundary } from './error-boundary';
import { preloadScreens, renderRoute } from './routes';
import { UpdateBanner } from './update-banner';

function Loading() {
  const { t } = useT();
  return <p className="muted screen-body">{t('app.loading')}</p>;
}

function CurrentScreen() {
  const { t } = useT();
  const path = useLocation();
  const db = database();
  const start = useLiveQuery(async () => ({
    member: (await getMember(db)) ?? null,
    villageId: (await getWorkingVillageId(db)) ?? null,
  }));

  if (!start) return <Loading />;
  // First use on this phone: sign in (online, once). Afterwards the saved identity opens the app offline.
  if (!start.member || path === '/sign-in') return <SignInScreen onSignedIn={() => navigate('/', { replace: true })} />;
  // No working village yet: every path but Settings shows the village chooser (the URL stays, so a deep link still works after).
  const screen = renderRoute(start.villageId || path === '/settings' ? path : '/villages');
  if (screen === null) {
    return (
      <Screen title={t('app.name')}>
        <p className="alert">{t('errors.pageNotFound')}</p>
        <Button variant="primary" onClick={() => navigate('/', { replace: true })}>
          {t('action.home')}
        </Button>
      </Screen>
    );
  }
  return (
    <ErrorBoundary
      key={path}
      fallback={(_error, reset) => (
        <Screen title={t('app.name')}>
          <p className="alert">{t('errors.screenFailed')}</p>
          <Button variant="primary" onClick={reset}>
            {t('action.retry')}
          </Button>
        </Screen>
      )}
    >
      <Suspense fallback={<Loading />}>{screen}</Suspense>
    </ErrorBoundary>
  );
}

/** Syncs in the background while a live session exists; an expired one waits for the member to sign in again. */
function useBackgroundSync() {
  const db = database();
  const signedIn = useLiveQuery(async () => {
    const session = await getSession(db);
    return Boolean(session && !session.expired);
  });
  useEffect(() => {
    if (!signedIn) return undefined;
    const scheduler = startSyncScheduler({ db, transport: fetchTransport, appVersion: __APP_VERSION__ });
    return scheduler.stop;
  }, [db, signedIn]);
}

export function App() {
  useBackgroundSync();
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1500));
    idle(() => preloadScreens());
  }, []);
  return (
    <div className="app">
      <UpdateBanner />
      <CurrentScreen />
      <ToastHost />
    </div>
  );
}
