/**
 * Sign in, once, while online; afterwards the app opens offline with the
 * saved identity. After a session expires the member signs in again here and
 * everything still queued on the phone is sent.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { fetchTransport } from '../../data/api';
import { database } from '../../data/database';
import { getSession, signIn } from '../../data/session';
import { DataError } from '../../data/write';
import { useT } from '../../lib/i18n';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/fields';
import { Screen } from '../../ui/screen';

export function SignInScreen({ onSignedIn }: { onSignedIn?: () => void }) {
  const { t } = useT();
  const db = database();
  const session = useLiveQuery(() => getSession(db), []);
  const pending = useLiveQuery(() => db.outbox.count(), []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const expired = session?.expired === true;

  async function submit() {
    if (username.trim() === '' || password === '') {
      setError(t('errors.signInFieldsRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(db, fetchTransport, username.trim().toLowerCase(), password);
      onSignedIn?.();
    } catch (failure) {
      setError(t(failure instanceof DataError ? failure.messageKey : 'errors.signInFailed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen title={t('app.name')}>
      <h2>{expired ? t('account.expiredTitle') : t('account.title')}</h2>
      <p>{expired ? t('account.expiredBody', { count: pending ?? 0 }) : t('account.body')}</p>
      <form
        className="section"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          label={t('account.username')}
          value={username}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          onValue={setUsername}
        />
        <TextField label={t('account.password')} type="password" value={password} autoComplete="current-password" onValue={setPassword} />
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" block disabled={busy}>
          {busy ? t('account.signingIn') : t('account.signIn')}
        </Button>
      </form>
      <p className="muted">{t('account.help')}</p>
    </Screen>
  );
}
