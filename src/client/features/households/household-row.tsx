import { memo, type MouseEvent } from 'react';
import { database, type HouseholdIndexRow } from '../../data/database';
import { householdPageReadAhead, householdPageReadingAhead, readHouseholdPageAhead } from '../../data/household-page';
import { nextVisitState } from '../../data/search';
import { formatDay } from '../../lib/format';
import type { Language, Translate } from '../../lib/i18n';
import { Link, navigate } from '../../lib/router';

export function addressLine(row: Pick<HouseholdIndexRow, 'hamlet' | 'houseNumber'>, t: (key: string) => string): string {
  const parts = [row.houseNumber && `${t('household.numberShort')} ${row.houseNumber}`, row.hamlet].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : t('household.noAddress');
}

/** The longest a tap waits for the household's records before the screen opens without them. */
const OPEN_WAIT_MS = 150;

/** The household a tap is opening, while its records are read. */
let opening: string | undefined;

/**
 * Opens the household once its records are read (they were asked for when the
 * finger touched the row), so the screen's first render is the household
 * itself. Opened at once, the screen first rendered a "loading" frame, and on
 * a cheap phone that render held up the read it was waiting for: click to
 * household 80–120 ms at 4× throttling, where the read alone takes ~10 ms.
 */
function openWhenRead(event: MouseEvent<HTMLAnchorElement>, householdId: string): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  // A click with no touch before it (a keyboard, a screen reader) starts the read now.
  readHouseholdPageAhead(database(), householdId);
  const reading = householdPageReadingAhead(householdId);
  if (!reading || householdPageReadAhead(householdId)) return; // read already: the link opens it now
  event.preventDefault();
  const href = event.currentTarget.getAttribute('href')!;
  const from = window.location.pathname;
  opening = householdId;
  const open = () => {
    // Not if another row was tapped meanwhile, or the member went elsewhere.
    if (opening !== householdId || window.location.pathname !== from) return;
    opening = undefined;
    navigate(href);
  };
  void Promise.race([reading, new Promise((resolve) => setTimeout(resolve, OPEN_WAIT_MS))]).then(open, open);
}

/**
 * One household in the list. Memoised, and given `t` by the list: typing in
 * the search box re-renders the list on every key, and rows whose data did
 * not change must cost nothing.
 */
export const HouseholdRow = memo(function HouseholdRow({
  row,
  today,
  t,
  language,
}: {
  row: HouseholdIndexRow;
  today: string;
  t: Translate;
  language: Language;
}) {
  const visitState = nextVisitState(row.nextVisitOn, today);
  return (
    <li>
      <Link
        className="household-row"
        href={`/h/${row.id}`}
        onPointerDown={() => readHouseholdPageAhead(database(), row.id)}
        onClick={(event) => openWhenRead(event, row.id)}
      >
        <span className="grow">
          <span className="title">{row.anonymous ? t('household.anonymous') : row.headName}</span>
          <br />
          <span className="subtitle">
            {addressLine(row, t)} · {t('household.memberCount', { count: row.memberCount })}
            {row.plaqueCode && ` · ${row.plaqueCode}`}
          </span>
          <span className="row">
            {row.lastVisitAt === null && <span className="badge badge-unknown">{t('household.notVisited')}</span>}
            {visitState && row.nextVisitOn && (
              <span className={`badge badge-${visitState === 'later' ? 'unknown' : visitState}`}>
                {t(`household.comeBack.${visitState}`, { date: formatDay(row.nextVisitOn, language) })}
              </span>
            )}
            {row.gapCount > 0 && (
              <span className="badge badge-gaps">{t('household.gapCount', { count: row.gapCount })}</span>
            )}
          </span>
        </span>
        <span aria-hidden="true">›</span>
      </Link>
    </li>
  );
});
