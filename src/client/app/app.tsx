/**
 * The shell: first-start gate (member name, working village), the current
 * screen, the update banner and toasts. Everything is read from IndexedDB.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { Activity, lazy, Suspense, useEffect, useLayoutEffect, useMemo, type ReactNode } from 'react';

// Both are lazy chunks: a member who is signed in never needs the sign-in screen to start, and the
// sync engine (with the zod schemas) can arrive a moment after the list is on screen.
const SignInScreen = lazy(() => import('../features/account/sign-in-screen').then((module) => ({ default: module.SignInScreen })));
import { database } from '../data/database';
import { fetchTransport } from '../data/api';
import { getMember, getWorkingVillageId } from '../data/meta';
import { getSession } from '../data/session';

import { useT } from '../lib/i18n';
import { navigate, savedScrollY, useLocation } from '../lib/router';
import { Button } from '../ui/button';
import { Screen } from '../ui/screen';
import { ToastHost } from '../ui/toast';
import { ErrorBoundary } from './error-boundary';
import { LIST_PATH, listScreen, preloadScreens, renderRoute } from './routes';
import { UpdateBanner } from './update-banner';

function Loading() {
  const { t } = useT();
  return <p className="muted screen-body">{t('app.loading')}</p>;
}

function CurrentScreen() {
  const path = useLocation();
  const db = database();
  // One element for the whole session: hidden behind a household, the list is not re-rendered by each navigation.
  const list = useMemo(() => listScreen(), []);
  const start = useLiveQuery(async () => ({
    member: (await getMember(db)) ?? null,
    villageId: (await getWorkingVillageId(db)) ?? null,
  }));

  if (!start) return <Loading />;
  // First use on this phone: sign in (online, once). Afterwards the saved identity opens the app offline.
  if (!start.member || path === '/sign-in') {
    return (
      <Suspense fallback={<Loading />}>
        {/* A deep link opened before signing in (a plaque's /p/… from the phone's camera app) still opens after. */}
        <SignInScreen onSignedIn={() => navigate(path === '/sign-in' ? '/' : path, { replace: true })} />
      </Suspense>
    );
  }
  // No working village yet: every path but Settings shows the village chooser (the URL stays, so a deep link still works after).
  const shownPath = start.villageId || path === '/settings' ? path : '/villages';
  const onList = shownPath.split('?')[0] === LIST_PATH;
  const screen = onList ? null : renderRoute(shownPath);
  return (
    <>
      {!onList && (screen === null ? <NotFound /> : <Guarded path={path}>{screen}</Guarded>)}
      {/* The list stays mounted while a household is open, hidden: opening a household and coming
          back then costs the household page only, and the list keeps its rows, search and scroll. */}
      {start.villageId && (
        <Activity mode={onList ? 'visible' : 'hidden'}>
          <Guarded path={LIST_PATH}>{list}</Guarded>
        </Activity>
      )}
    </>
  );
}

/**
 * Scrolls a screen to where the member left it, or to the top when new. A
 * layout effect: after the screen's DOM is in place, before it is painted.
 * Inside an <Activity> it runs again each time the content shows.
 */
function RestoreScroll() {
  useLayoutEffect(() => {
    window.scrollTo?.(0, savedScrollY());
  }, []);
  return null;
}

function NotFound() {
  const { t } = useT();
  return (
    <Screen title={t('app.name')}>
      <p className="alert">{t('errors.pageNotFound')}</p>
      <Button variant="primary" onClick={() => navigate('/', { replace: true })}>
        {t('action.home')}
      </Button>
    </Screen>
  );
}

/** A screen that fails shows a retry instead of taking the app down; a lazy one shows "loading" while its chunk arrives. */
function Guarded({ path, children }: { path: string; children: ReactNode }) {
  const { t } = useT();
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
      <Suspense fallback={<Loading />}>
        {children}
        <RestoreScroll />
      </Suspense>
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
    let stop: (() => void) | undefined;
    let cancelled = false;
    import('../data/sync-scheduler')
      .then(({ startSyncScheduler }) => {
        if (!cancelled) stop = startSyncScheduler({ db, transport: fetchTransport, appVersion: __APP_VERSION__ }).stop;
      })
      .catch((error: unknown) => console.error('sync could not start', error));
    return () => {
      cancelled = true;
      stop?.();
    };
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
