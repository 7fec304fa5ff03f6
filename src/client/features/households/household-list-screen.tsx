/**
 * The working village's households: instant, diacritics-insensitive search
 * by any member's name, phone, house number or plaque, and the filters a
 * member walks by (not yet visited, come back later, still has gaps).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { database, type HouseholdIndexRow } from '../../data/database';
import { getWorkingVillageId } from '../../data/meta';
import { createHouseholdSearch, type HouseholdFilter } from '../../data/search';
import { subscribeVillageRows, villageRows } from '../../data/village-rows';
import { formatNumber, today } from '../../lib/format';
import { rememberingT, useT } from '../../lib/i18n';
import { Link, navigate } from '../../lib/router';
import { Button } from '../../ui/button';
import { Screen } from '../../ui/screen';
import { HouseholdRow } from './household-row';
import { useListState } from './list-state';

const FILTERS: HouseholdFilter[] = ['all', 'not_visited', 'come_back', 'gaps'];

/**
 * Rows a keystroke mounts at once: more than a 640 px screen shows under the
 * search box. Mounting a page of 30 new rows was most of the first key's time
 * on a cheap phone; the rest of the page follows in a deferred render, after
 * the member already sees the top matches. Rows already on screen cost
 * nothing (memoised), so they do not count.
 */
const NEW_ROWS_AT_ONCE = 10;

/** The longest start of `rows` with at most `budget` rows that are not on screen yet. */
function withFewNewRows<T>(rows: T[], onScreen: ReadonlySet<T>, budget: number): T[] {
  let fresh = 0;
  for (let i = 0; i < rows.length; i++) {
    if (onScreen.has(rows[i]!)) continue;
    if (fresh === budget) return rows.slice(0, i);
    fresh += 1;
  }
  return rows;
}

/** `status`: the sync indicator, handed in by the app shell (features do not import each other). */
export function HouseholdListScreen({ status }: { status?: ReactNode } = {}) {
  const { t: translate, language } = useT();
  // Re-rendered on every key: labels are looked up once (i18next's lookup costs more than a row).
  const t = useMemo(() => rememberingT(translate), [translate]);
  const db = database();
  const villageId = useLiveQuery(async () => (await getWorkingVillageId(db)) ?? null, [db]);
  const village = useLiveQuery(async () => (villageId ? await db.villages.get(villageId) : undefined), [db, villageId]);
  const subscribe = useCallback(
    (listener: () => void) => (villageId ? subscribeVillageRows(db, villageId, listener) : () => undefined),
    [db, villageId],
  );
  const sorted = useSyncExternalStore(subscribe, () => (villageId ? villageRows(db, villageId) : undefined));
  const rows = villageId === null ? [] : sorted;
  const { query, filter, shown, setQuery, setFilter, showMore } = useListState();
  const search = useMemo(() => createHouseholdSearch(rows ?? []), [rows]);
  // A keystroke shows the first matches at once: the scan stops when it has a page of them, which
  // for the first keys of a name is within the first rows. The whole search (the count, and an
  // exactly typed plaque code first) follows in a deferred render: over 10,000 households it was
  // most of a key's time on a cheap phone (npm run bench: the data path, typed key by key).
  const settledQuery = useDeferredValue(query);
  const results = useMemo(() => search(settledQuery, filter), [search, settledQuery, filter]);
  const typed = useMemo(() => (settledQuery === query ? null : search.top(query, filter, shown)), [search, settledQuery, query, filter, shown]);
  // While the results are new (the deferred value still holds the old ones), mount only a few new rows.
  const settledResults = useDeferredValue(results);
  const onScreen = useRef<ReadonlySet<HouseholdIndexRow>>(new Set());
  const page = typed ? typed.rows : results.slice(0, shown);
  // The count of the settled search until the keystroke's own is known (a moment later, or at once when the page holds every match).
  const count = typed?.total ?? results.length;
  const more = typed ? typed.total === null : results.length > shown;
  const rendered = typed === null && settledResults === results ? page : withFewNewRows(page, onScreen.current, NEW_ROWS_AT_ONCE);
  useLayoutEffect(() => {
    onScreen.current = new Set(rendered);
  });
  const day = today();

  return (
    <Screen
      title={village?.name ?? t('app.name')}
      actions={
        <>
          <Link className="icon-button" href="/scan" aria-label={t('scan.open')}>
            <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d="M3 8V3h5M16 3h5v5M21 16v5h-5M8 21H3v-5M7 12h10" />
            </svg>
          </Link>
          <Link className="icon-button" href="/villages" aria-label={t('villages.change')}>
            ⇄
          </Link>
          <Link className="icon-button" href="/settings" aria-label={t('settings.title')}>
            ⚙
          </Link>
        </>
      }
      footer={
        <Button variant="primary" onClick={() => navigate('/h/new')}>
          + {t('household.register')}
        </Button>
      }
    >
      {status}
      <div className="search-box" role="search">
        <label className="visually-hidden" htmlFor="household-search">
          {t('household.searchLabel')}
        </label>
        <input
          id="household-search"
          type="search"
          inputMode="search"
          autoComplete="off"
          placeholder={t('household.searchPlaceholder')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <div className="filter-chips" role="group" aria-label={t('household.filterLabel')}>
          {FILTERS.map((option) => (
            <button
              key={option}
              type="button"
              className="choice"
              aria-pressed={filter === option}
              onClick={() => setFilter(option)}
            >
              {t(`household.filter.${option}`)}
            </button>
          ))}
        </div>
      </div>
      {rows === undefined ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('household.resultCount', { count, shown: formatNumber(count, language) })}
          </p>
          {page.length === 0 ? (
            <div className="empty">
              <p>{rows.length === 0 ? t('household.emptyVillage') : t('household.noMatch')}</p>
            </div>
          ) : (
            <ul className="household-list">
              {rendered.map((row) => (
                <HouseholdRow key={row.id} row={row} today={day} t={t} language={language} />
              ))}
            </ul>
          )}
          {more && (
            <Button block onClick={showMore}>
              {t('household.showMore')}
            </Button>
          )}
        </>
      )}
    </Screen>
  );
}
