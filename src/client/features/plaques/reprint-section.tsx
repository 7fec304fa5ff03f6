/** A lost or spoilt sheet: print the same codes again (no new numbers are used). */
import { useLiveQuery } from 'dexie-react-hooks';
import { database } from '../../data/database';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { villagePlaques } from './plaque-runs';
import { printPath } from './print-selection';

export function ReprintSection({ villageId }: { villageId: string }) {
  const { t, language } = useT();
  const db = database();
  const summary = useLiveQuery(() => villagePlaques(db, villageId), [db, villageId]);
  if (!summary) return null;
  return (
    <section className="section" aria-labelledby="plaques-reprint">
      <h2 id="plaques-reprint">{t('plaques.reprintTitle')}</h2>
      {summary.runs.length === 0 ? (
        <p className="muted">{t('plaques.noRuns')}</p>
      ) : (
        <>
          <p className="muted">{t('plaques.reprintExplain')}</p>
          {summary.unassigned > 0 && (
            <Link className="button button-block" href={printPath(villageId, { kind: 'unassigned' })}>
              {t('plaques.reprintUnassigned', { count: summary.unassigned, shown: formatNumber(summary.unassigned, language) })}
            </Link>
          )}
          <ul className="plaque-runs" aria-label={t('plaques.runsLabel')}>
            {summary.runs.map((run) => (
              <li key={`${run.createdAt}-${run.printedBy}`}>
                <Link className="household-row" href={printPath(villageId, { kind: 'run', createdAt: run.createdAt, printedBy: run.printedBy })}>
                  <span className="grow">
                    {t('plaques.runLine', { date: formatDateTime(run.createdAt, language), count: run.count, shown: formatNumber(run.count, language) })}
                  </span>
                  <span aria-hidden="true">›</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
