/**
 * Who is using this phone: their name stamps consents, visits and checklist
 * changes. Asked once on first start; team sign-in replaces it with [B].
 */
import { useState } from 'react';
import { database } from '../../data/database';
import { setMemberName } from '../../data/meta';
import { useT } from '../../lib/i18n';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/fields';
import { showToast } from '../../ui/toast';

export function MemberNameForm({ initialName = '', onSaved }: { initialName?: string; onSaved?: () => void }) {
  const { t } = useT();
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | undefined>();

  async function save() {
    if (name.trim() === '') {
      setError(t('errors.required'));
      return;
    }
    setError(undefined);
    await setMemberName(database(), name);
    showToast(t('settings.memberSaved'));
    onSaved?.();
  }

  return (
    <form
      className="section card"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <TextField
        label={t('settings.memberName')}
        hint={t('settings.memberNameHint')}
        value={name}
        autoComplete="name"
        onValue={setName}
        error={error}
      />
      <Button type="submit" variant="primary" block>
        {t('action.save')}
      </Button>
    </form>
  );
}
