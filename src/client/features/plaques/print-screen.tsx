/**
 * The print preview of a selection of plaques (print-selection.ts): the
 * controls on top, then the A4 sheets. "In" opens the browser's print
 * dialog; the print stylesheet hides everything but the sheets. The QR codes
 * are drawn on the phone, so this works with no signal.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { database } from '../../data/database';
import { formatNumber } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { goBack, useLocation } from '../../lib/router';
import { Button } from '../../ui/button';
import { Screen } from '../../ui/screen';
import { LeaderOnly } from './leader-only';
import { plaquesToPrint, type PlaqueAddress } from './plaque-runs';
import { pagesOf, PlaqueSheets, type PlaqueLabels } from './plaque-sheets';
import { selectionOf } from './print-selection';
import { useQrSvgs } from './use-qr-svgs';

export function PrintScreen({ villageId }: { villageId: string }) {
  const { t } = useT();
  return (
    <LeaderOnly title={t('plaques.printTitle')}>
      <PrintPreview villageId={villageId} />
    </LeaderOnly>
  );
}

function PrintPreview({ villageId }: { villageId: string }) {
  const { t, language } = useT();
  const db = database();
  const path = useLocation();
  const selection = useMemo(() => selectionOf(path), [path]);
  const village = useLiveQuery(async () => (await db.villages.get(villageId)) ?? null, [db, villageId]);
  const sheet = useLiveQuery(async () => (selection ? plaquesToPrint(db, villageId, selection) : null), [db, villageId, selection]);
  const codes = useMemo(() => sheet?.plaques.map((plaque) => plaque.code), [sheet]);
  const qr = useQrSvgs(codes);

  const labels = useMemo<PlaqueLabels>(
    () => ({
      appName: t('app.name'),
      villageName: village?.name ?? '',
      plaque: (code) => t('plaques.plaqueLabel', { code }),
      qr: (code) => t('plaques.qrLabel', { code }),
      page: (page, pages) => t('plaques.page', { page, pages }),
      address: ({ hamlet, houseNumber }: PlaqueAddress) =>
        [houseNumber && t('plaques.houseNumber', { number: houseNumber }), hamlet].filter(Boolean).join(', '),
    }),
    [t, village],
  );

  const count = sheet?.plaques.length ?? 0;
  const ready = qr.status === 'ready' && sheet && count > 0;
  return (
    <Screen
      title={t('plaques.printTitle')}
      onBack={() => goBack('/plaques')}
      backLabel={t('action.back')}
      footer={
        <Button variant="primary" disabled={!ready} onClick={() => window.print()}>
          {t('plaques.print')}
        </Button>
      }
    >
      <div className="plaque-controls section">
        {sheet === undefined || village === undefined ? (
          <p className="muted">{t('app.loading')}</p>
        ) : sheet === null || count === 0 ? (
          <p className="alert">{t('plaques.nothingToPrint')}</p>
        ) : (
          <>
            <p className="plaque-summary">
              {t('plaques.printSummary', {
                count,
                shown: formatNumber(count, language),
                pages: pagesOf(sheet.plaques).length,
                village: village?.name ?? '',
              })}
            </p>
            <p className="muted">{t('plaques.printHint')}</p>
          </>
        )}
        {sheet && sheet.retired > 0 && <p className="card card-wash">{t('plaques.retiredSkipped', { count: sheet.retired })}</p>}
        {qr.status === 'loading' && count > 0 && <p className="muted">{t('plaques.preparing')}</p>}
        {qr.status === 'failed' && (
          <p className="alert" role="alert">
            {t('plaques.qrFailed')}
          </p>
        )}
      </div>
      {ready && <PlaqueSheets plaques={sheet.plaques} svgs={qr.svgs} addresses={sheet.addresses} labels={labels} />}
    </Screen>
  );
}
