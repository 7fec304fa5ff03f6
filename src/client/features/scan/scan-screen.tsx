/**
 * Scan a household's plaque: the live camera first, with a photo and typing
 * the code as fallbacks that are always on screen. A plaque of this app opens
 * /p/<code> (which finds the household); anything else — a bank's payment QR,
 * another site's link, plain text — is named on screen and opens nothing,
 * and the camera keeps scanning.
 *
 * This screen is a lazy chunk with the QR decoder in it, precached by the
 * service worker like every chunk, so scanning works offline.
 */
import { useCallback, useRef, useState } from 'react';
import { interpretScan } from '../../../shared/plaque-code';
import { useT } from '../../lib/i18n';
import { goBack, navigate } from '../../lib/router';
import { Screen } from '../../ui/screen';
import { CameraView } from './camera-view';
import { ManualEntry } from './manual-entry';
import { PhotoScan } from './photo-scan';
import { notPlaqueMessage, type Message } from './scan-messages';

export function ScanScreen() {
  const { t } = useT();
  const [seen, setSeen] = useState<Message | null>(null);
  const lastText = useRef<string | null>(null);
  const opening = useRef(false);

  const openCode = useCallback((code: string) => {
    // The camera reports the same code on every frame until this screen is gone: open it once.
    if (opening.current) return;
    opening.current = true;
    navigate(`/p/${encodeURIComponent(code)}`);
  }, []);

  const scanned = useCallback(
    (text: string) => {
      const scan = interpretScan(text, window.location.origin);
      if (scan.kind === 'plaque') {
        openCode(scan.code);
        return;
      }
      // The camera calls back ~10 times a second while a code stays in view: say it once.
      if (text === lastText.current) return;
      lastText.current = text;
      setSeen(notPlaqueMessage(scan));
    },
    [openCode],
  );

  const scannedPhoto = useCallback(
    (text: string) => {
      lastText.current = null;
      scanned(text);
    },
    [scanned],
  );

  return (
    <Screen title={t('scan.title')} onBack={() => goBack('/')} backLabel={t('action.back')}>
      <CameraView onDecoded={scanned} />
      <div aria-live="polite">
        {seen && (
          <p className="alert scan-seen">
            {t(seen.key, seen.values)} {t('scan.seen.nothingOpened')}
          </p>
        )}
      </div>
      <section className="section" aria-labelledby="scan-fallback-title">
        <h2 id="scan-fallback-title">{t('scan.fallbackTitle')}</h2>
        <PhotoScan onDecoded={scannedPhoto} />
        <ManualEntry onCode={openCode} />
      </section>
    </Screen>
  );
}
