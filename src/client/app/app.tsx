/**
 * The shell: first-start gate (member name, working village), the current
 * screen, the update banner and toasts. Everything is read from IndexedDB.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, useEffect } from 'react';
import { database } from '../data/database';
import { getMember, getWorkingVillageId } from '../data/meta';
import { WelcomeScreen } from '../features/settings/welcome-screen';
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
  if (!start.member) return <WelcomeScreen />;
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

export function App() {
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
