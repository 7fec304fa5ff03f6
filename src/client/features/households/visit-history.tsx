/** Past visits, newest first: who came, how it ended, what changed. */
import type { Visit } from '../../../shared/visit';
import { formatDateTime, formatDay } from '../../lib/format';
import { useT } from '../../lib/i18n';

export function VisitHistory({ visits }: { visits: Visit[] }) {
  const { t, language } = useT();
  return (
    <section className="section" aria-labelledby="visits-title">
      <h2 id="visits-title">{t('visit.history')}</h2>
      {visits.length === 0 ? (
        <p className="muted">{t('visit.none')}</p>
      ) : (
        <ul className="visit-list">
          {visits.map((visit) => (
            <li key={visit.id} className="card">
              <div className="row">
                <strong className="grow">{t(`visit.outcome.${visit.outcome}`)}</strong>
                <span className="muted" title={t('visit.deviceTime')}>
                  {formatDateTime(visit.at, language)}
                </span>
              </div>
              <div className="muted">{t('visit.by', { name: visit.memberName })}</div>
              {visit.changes.length > 0 && <div>{t('visit.changeCount', { count: visit.changes.length })}</div>}
              {visit.nextVisitOn && <div>{t('visit.nextOn', { date: formatDay(visit.nextVisitOn, language) })}</div>}
              {visit.notes && <p className="visit-notes">{visit.notes}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
