/**
 * /p/<code>: what a plaque's QR opens, from the scan screen or from the
 * phone's own camera app (the QR holds this URL). Everything is read from the
 * phone, so it works offline. A plaque of a household in the working village
 * opens that household at once; every other case says what the plaque is and
 * what the member can do:
 *   - a household of another village: a warning first, then open it or scan again;
 *   - not on any household yet (or printed on a phone not synced yet): register a new household with it;
 *   - retired: which household it was on, and its new code;
 *   - not a plaque code at all (a mistyped link): say so, and scan again.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, type ReactNode } from 'react';
import { parsePlaqueCode } from '../../../shared/plaque-code';
import { database } from '../../data/database';
import { getWorkingVillageId } from '../../data/meta';
import { resolvePlaque } from '../../data/plaques';
import { useT } from '../../lib/i18n';
import { goBack, Link, navigate } from '../../lib/router';
import { Button } from '../../ui/button';
import { Screen } from '../../ui/screen';
import { RetiredPlaque } from './retired-plaque';
import { codeProblemKey } from './scan-messages';

/** A code from the address bar is shown back to the member; a junk one only in part. */
const SHOWN_CODE_LENGTH = 30;

function shownCode(text: string): string {
  const symbols = Array.from(text.replace(/\s+/g, ' '));
  return symbols.length > SHOWN_CODE_LENGTH ? symbols.slice(0, SHOWN_CODE_LENGTH - 1).join('') + '…' : symbols.join('');
}

export function PlaqueScreen({ code: rawCode }: { code: string }) {
  const { t } = useT();
  const db = database();
  const parsed = parsePlaqueCode(rawCode);
  const code = parsed.ok ? parsed.code : null;
  const found = useLiveQuery(async () => {
    if (code === null) return null;
    const workingVillageId = (await getWorkingVillageId(db)) ?? null;
    const resolution = await resolvePlaque(db, code, workingVillageId);
    const plaqueVillageId = resolution.kind === 'unassigned' ? resolution.plaque.villageId : null;
    const plaqueVillage = plaqueVillageId && plaqueVillageId !== workingVillageId ? await db.villages.get(plaqueVillageId) : undefined;
    return { resolution, plaqueVillageName: plaqueVillage?.name ?? null };
  }, [db, code]);
  const resolution = found?.resolution;

  // The everyday case: a household of the village being worked in. Replace, so "back" skips this page.
  const openAtOnce = resolution?.kind === 'household' && resolution.otherVillageName === null ? resolution.householdId : null;
  useEffect(() => {
    if (openAtOnce) navigate(`/h/${openAtOnce}`, { replace: true });
  }, [openAtOnce]);

  const title = code ? t('scan.plaqueTitle', { code }) : t('scan.title');
  const frame = (children: ReactNode, footer?: ReactNode) => (
    <Screen title={title} onBack={() => goBack('/')} backLabel={t('action.back')} footer={footer}>
      {children}
    </Screen>
  );
  const scanAgain = (
    <Button variant="secondary" onClick={() => navigate('/scan', { replace: true })}>
      {t('scan.scanAgain')}
    </Button>
  );

  if (!parsed.ok) {
    return frame(
      <>
        <p className="alert" role="alert">
          {t('scan.badLink', { code: shownCode(rawCode) })} {t(codeProblemKey(parsed.reason))}
        </p>
        <Link className="button button-primary" href="/scan">
          {t('scan.scanAgain')}
        </Link>
      </>,
    );
  }
  if (resolution === undefined || openAtOnce) return frame(<p className="muted">{t('app.loading')}</p>);

  switch (resolution.kind) {
    case 'household':
      return frame(
        <p className="alert" role="alert">
          {resolution.otherVillageName
            ? t('scan.otherVillage', { code: parsed.code, village: resolution.otherVillageName })
            : t('scan.otherVillageUnnamed', { code: parsed.code })}
        </p>,
        <>
          {scanAgain}
          <Button variant="primary" onClick={() => navigate(`/h/${resolution.householdId}`, { replace: true })}>
            {t('scan.openHousehold')}
          </Button>
        </>,
      );
    case 'retired':
      return frame(<RetiredPlaque code={parsed.code} plaque={resolution.plaque} householdId={resolution.householdId} />, scanAgain);
    case 'unassigned':
    case 'unknown':
      return frame(
        <div className="card card-wash section">
          <p>
            <strong>{t('scan.unassigned', { code: parsed.code })}</strong>
          </p>
          {found?.plaqueVillageName && <p>{t('scan.printedForVillage', { village: found.plaqueVillageName })}</p>}
          <p className="muted">{t('scan.registerHint')}</p>
          {scanAgain}
        </div>,
        <Button variant="primary" onClick={() => navigate(`/h/new?plaque=${encodeURIComponent(parsed.code)}`, { replace: true })}>
          + {t('scan.registerWithPlaque')}
        </Button>,
      );
  }
}
