/**
 * Typing the code printed under the QR, for a dirty or faded plaque or a
 * phone without a usable camera. The check character catches a mistyped
 * symbol or two swapped neighbours, so a typo is refused here instead of
 * opening somebody else's household.
 */
import { useState, type FormEvent } from 'react';
import { parsePlaqueCode } from '../../../shared/plaque-code';
import { useT } from '../../lib/i18n';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/fields';
import { codeProblemKey } from './scan-messages';

export function ManualEntry({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parsePlaqueCode(text);
    if (parsed.ok) {
      setError(undefined);
      onCode(parsed.code);
    } else {
      setError(t(codeProblemKey(parsed.reason)));
    }
  }

  return (
    <form className="section card" aria-labelledby="manual-entry-title" onSubmit={submit} noValidate>
      <h2 id="manual-entry-title">{t('scan.manualTitle')}</h2>
      <TextField
        label={t('scan.codeLabel')}
        hint={t('scan.codeHint')}
        error={error}
        value={text}
        onValue={(value) => {
          setText(value);
          setError(undefined);
        }}
        className="scan-code-input"
        inputMode="text"
        autoCapitalize="characters"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="go"
        maxLength={40}
      />
      <Button type="submit" variant="primary" block>
        {t('scan.openCode')}
      </Button>
    </form>
  );
}
