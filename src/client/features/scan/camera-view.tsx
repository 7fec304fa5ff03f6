/**
 * The live camera: the frame the scanner draws into, a camera picker when the
 * phone has more than one, the torch where the camera has one, and — when
 * the camera cannot be used — what happened and how to fix it.
 */
import { useRef } from 'react';
import { useT } from '../../lib/i18n';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/fields';
import { cameraTroubleKey } from './scan-messages';
import { useCameraScanner } from './use-camera-scanner';

export function CameraView({ onDecoded }: { onDecoded: (text: string) => void }) {
  const { t } = useT();
  const frame = useRef<HTMLDivElement>(null);
  const camera = useCameraScanner(frame, onDecoded);

  return (
    <section className="section" aria-label={t('scan.cameraTitle')}>
      <div className="scan-camera" hidden={camera.trouble !== null}>
        <div ref={frame} className="scan-video" />
        <p className="muted">{t('scan.aim')}</p>
      </div>
      {camera.trouble !== null && (
        <div className="card card-wash scan-trouble" role="alert">
          <p>{t(cameraTroubleKey(camera.trouble))}</p>
          {camera.trouble !== 'insecure' && camera.trouble !== 'no_camera' && (
            <Button onClick={camera.retry}>{t('scan.cameraRetry')}</Button>
          )}
        </div>
      )}
      {camera.trouble === null && (camera.cameras.length > 1 || camera.torchAvailable) && (
        <div className="row">
          {camera.cameras.length > 1 && (
            <div className="grow">
              <SelectField
                label={t('scan.chooseCamera')}
                value={camera.cameraId ?? ''}
                options={[
                  ...(camera.cameraId === undefined ? [{ value: '', label: t('scan.rearCamera') }] : []),
                  ...camera.cameras.map((choice, index) => ({
                    value: choice.id,
                    label: choice.label || t('scan.cameraNumber', { number: index + 1 }),
                  })),
                ]}
                onValue={(id) => id && camera.chooseCamera(id)}
              />
            </div>
          )}
          {camera.torchAvailable && (
            <Button aria-pressed={camera.torchOn} onClick={camera.toggleTorch}>
              🔦 {t('scan.torch')}
            </Button>
          )}
        </div>
      )}
    </section>
  );
}
