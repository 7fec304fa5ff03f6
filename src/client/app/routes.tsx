/**
 * The screens and their paths. The list is in the first chunk (it is what a
 * member opens every time); every other screen is a lazy chunk, precached by
 * the service worker so it opens offline too.
 */
import type { ReactNode } from 'react';
import { HouseholdListScreen } from '../features/households/household-list-screen';
import { SyncIndicator } from '../features/sync-status/sync-indicator';
import { lazyScreen } from '../lib/lazy-screen';
import { matchPath } from '../lib/router';

const HouseholdScreen = lazyScreen(() =>
  import('../features/households/household-screen').then((module) => module.HouseholdScreen),
);
const HouseholdFormScreen = lazyScreen(() =>
  import('../features/households/household-form-screen').then((module) => module.HouseholdFormScreen),
);
const PersonFormScreen = lazyScreen(() =>
  import('../features/households/person-form-screen').then((module) => module.PersonFormScreen),
);
const VisitScreen = lazyScreen(() => import('../features/visit/visit-screen').then((module) => module.VisitScreen));
const ChooseVillageScreen = lazyScreen(() =>
  import('../features/villages/choose-village-screen').then((module) => module.ChooseVillageScreen),
);
const SyncScreen = lazyScreen(() => import('../features/sync-status/sync-screen').then((module) => module.SyncScreen));
const TeamScreen = lazyScreen(() => import('../features/team/team-screen').then((module) => module.TeamScreen));
const PlaquesScreen = lazyScreen(() =>
  import('../features/plaques/plaques-screen').then((module) => module.PlaquesScreen),
);
const PrintScreen = lazyScreen(() => import('../features/plaques/print-screen').then((module) => module.PrintScreen));
// The scanner (with the QR decoder) and the plaque page are chunks of their own, precached like every chunk.
const ScanScreen = lazyScreen(() => import('../features/scan/scan-screen').then((module) => module.ScanScreen));
const PlaqueScreen = lazyScreen(() => import('../features/scan/plaque-screen').then((module) => module.PlaqueScreen));
const SettingsScreen = lazyScreen(() =>
  import('../features/settings/settings-screen').then((module) => module.SettingsScreen),
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
  // Load the screens a member opens from the list once the first screen is up: the next tap renders them at once.
  for (const screen of [HouseholdScreen, VisitScreen, HouseholdFormScreen, PersonFormScreen]) {
    screen.preload().catch((error: unknown) => console.warn('a screen could not be preloaded', error));
  }
}
