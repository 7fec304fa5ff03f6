import { memo } from 'react';
import { database, type HouseholdIndexRow } from '../../data/database';
import { readHouseholdPageAhead } from '../../data/household-page';
import { nextVisitState } from '../../data/search';
import { formatDay } from '../../lib/format';
import type { Language, Translate } from '../../lib/i18n';
import { Link } from '../../lib/router';

export function addressLine(row: Pick<HouseholdIndexRow, 'hamlet' | 'houseNumber'>, t: (key: string) => string): string {
  const parts = [row.houseNumber && `${t('household.numberShort')} ${row.houseNumber}`, row.hamlet].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : t('household.noAddress');
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
      <Link className="household-row" href={`/h/${row.id}`} onPointerDown={() => readHouseholdPageAhead(database(), row.id)}>
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
