import { useT } from '../lib/i18n';
import { applyUpdate, useUpdateState } from '../lib/service-worker';
import { Button } from '../ui/button';

/** "A new version — Update": applied only when the member taps, never in the middle of a visit. */
export function UpdateBanner() {
  const { t } = useT();
  const updateWaiting = useUpdateState((state) => state.updateWaiting);
  if (!updateWaiting) return null;
  return (
    <div className="banner" role="status">
      <p>{t('update.available')}</p>
      <Button variant="primary" onClick={applyUpdate}>
        {t('update.apply')}
      </Button>
    </div>
  );
}
