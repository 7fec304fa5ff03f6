/**
 * The screens and their paths. The list is in the first chunk (it is what a
 * member opens every time); every other screen is a lazy chunk, precached by
 * the service worker so it opens offline too.
 */
import { lazy, type ReactNode } from 'react';
import { HouseholdListScreen } from '../features/households/household-list-screen';
import { SyncIndicator } from '../features/sync-status/sync-indicator';
import { matchPath } from '../lib/router';

const HouseholdScreen = lazy(() =>
  import('../features/households/household-screen').then((module) => ({ default: module.HouseholdScreen })),
);
const HouseholdFormScreen = lazy(() =>
  import('../features/households/household-form-screen').then((module) => ({ default: module.HouseholdFormScreen })),
);
const PersonFormScreen = lazy(() =>
  import('../features/households/person-form-screen').then((module) => ({ default: module.PersonFormScreen })),
);
const VisitScreen = lazy(() => import('../features/visit/visit-screen').then((module) => ({ default: module.VisitScreen })));
const ChooseVillageScreen = lazy(() =>
  import('../features/villages/choose-village-screen').then((module) => ({ default: module.ChooseVillageScreen })),
);
const SyncScreen = lazy(() => import('../features/sync-status/sync-screen').then((module) => ({ default: module.SyncScreen })));
const TeamScreen = lazy(() => import('../features/team/team-screen').then((module) => ({ default: module.TeamScreen })));
const PlaquesScreen = lazy(() => import('../features/plaques/plaques-screen').then((module) => ({ default: module.PlaquesScreen })));
const PrintScreen = lazy(() => import('../features/plaques/print-screen').then((module) => ({ default: module.PrintScreen })));
// The scanner (with the QR decoder) and the plaque page are chunks of their own, precached like every chunk.
const ScanScreen = lazy(() => import('../features/scan/scan-screen').then((module) => ({ default: module.ScanScreen })));
const PlaqueScreen = lazy(() => import('../features/scan/plaque-screen').then((module) => ({ default: module.PlaqueScreen })));
const SettingsScreen = lazy(() =>
  import('../features/settings/settings-screen').then((module) => ({ default: module.SettingsScreen })),
);

type Route = [pattern: string, render: (params: Record<string, string>) => ReactNode];

/** The household list: the app keeps it mounted (hidden) while other screens are open. */
export const LIST_PATH = '/';

export function listScreen(): ReactNode {
  return <HouseholdListScreen status={<SyncIndicator />} />;
}

const ROUTES: Route[] = [
  [LIST_PATH, listScreen],
  ['/sync', () => <SyncScreen />],
  ['/team', () => <TeamScreen />],
  ['/villages', () => <ChooseVillageScreen />],
  ['/settings', () => <SettingsScreen />],
  ['/plaques', () => <PlaquesScreen />],
  ['/plaques/print/:villageId', ({ villageId }) => <PrintScreen key={villageId} villageId={villageId!} />],
  ['/scan', () => <ScanScreen />],
  ['/p/:code', ({ code }) => <PlaqueScreen key={code} code={code!} />],
  ['/h/new', () => <HouseholdFormScreen />],
  ['/h/:id', ({ id }) => <HouseholdScreen key={id} householdId={id!} />],
  ['/h/:id/edit', ({ id }) => <HouseholdFormScreen key={id} householdId={id!} />],
  ['/h/:id/visit', ({ id }) => <VisitScreen key={id} householdId={id!} />],
  ['/h/:id/members/new', ({ id }) => <PersonFormScreen householdId={id!} />],
  ['/h/:id/members/:personId', ({ id, personId }) => <PersonFormScreen key={personId} householdId={id!} personId={personId} />],
];

export function renderRoute(path: string): ReactNode | null {
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return render(params);
  }
  return null;
}

export function preloadScreens(): void {
  // Warm the lazy chunks once the first screen is up, so the next tap is instant.
  void import('../features/households/household-screen');
  void import('../features/visit/visit-screen');
  void import('../features/households/household-form-screen');
}
