/**
 * Scanning from a photo: the phone's own camera app takes it (or the member
 * picks one), and the scanner reads the QR in it, trying harder than the live
 * camera does. It works where the live camera does not: permission refused,
 * an old browser, a plaque too dim or blurred for the video.
 */
import { useState, type ChangeEvent } from 'react';
import { decodeImageFile, ImageDecodeError } from '../../lib/qr-scanner';
import { useT } from '../../lib/i18n';

export function PhotoScan({ onDecoded }: { onDecoded: (text: string) => void }) {
  const { t } = useT();
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function read(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Cleared at once, so choosing the same photo again still fires a change.
    input.value = '';
    if (!file) return;
    setReading(true);
    setError(null);
    try {
      onDecoded(await decodeImageFile(file));
    } catch (failure) {
      if (failure instanceof ImageDecodeError) {
        setError(t(`scan.photo.${failure.reason}`));
      } else {
        console.error('the photo could not be read', failure);
        setError(t('scan.photo.unreadable'));
      }
    } finally {
      setReading(false);
    }
  }

  return (
    <div className="section">
      <label className="button button-block scan-photo" aria-disabled={reading || undefined}>
        <span aria-hidden="true">📷</span> {reading ? t('scan.photo.reading') : t('scan.photo.label')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          className="visually-hidden"
          disabled={reading}
          onChange={(event) => void read(event)}
        />
      </label>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
