/** One team member: the villages they work in (tick to assign), and a password reset. */
import { useState } from 'react';
import type { Village } from '../../../shared/village';
import { fetchTransport } from '../../data/api';
import { database } from '../../data/database';
import { assignVillages, resetPassword, type TeamMember } from '../../data/team';
import { DataError } from '../../data/write';
import { useT } from '../../lib/i18n';
import { Button } from '../../ui/button';
import { showToast } from '../../ui/toast';

export function MemberCard({ member, villages, onChanged }: { member: TeamMember; villages: Village[]; onChanged: () => void }) {
  const { t } = useT();
  const [newPassword, setNewPassword] = useState<string | null>(null);
  const fail = (error: unknown) => showToast(t(error instanceof DataError ? error.messageKey : 'errors.teamFailed'), 'error');

  async function toggle(villageId: string) {
    const next = member.villageIds.includes(villageId) ? member.villageIds.filter((id) => id !== villageId) : [...member.villageIds, villageId];
    try {
      await assignVillages(database(), fetchTransport, member.id, next);
      onChanged();
    } catch (error) {
      fail(error);
    }
  }

  async function reset() {
    try {
      setNewPassword(await resetPassword(database(), fetchTransport, member.id));
    } catch (error) {
      fail(error);
    }
  }

  return (
    <li className="card section">
      <div>
        <strong>{member.displayName}</strong>
        <br />
        <span className="muted">{member.username}</span>
      </div>
      {member.role === 'member' && (
        <fieldset className="choices">
          <legend>{t('team.villages')}</legend>
          {villages.map((village) => (
            <button key={village.id} type="button" className="choice" aria-pressed={member.villageIds.includes(village.id)} onClick={() => void toggle(village.id)}>
              {village.name}
            </button>
          ))}
        </fieldset>
      )}
      {member.role === 'member' && (
        <Button onClick={() => void reset()}>{t('team.resetPassword')}</Button>
      )}
      {newPassword && (
        <p className="card card-wash" role="status">
          {t('team.newPassword', { password: newPassword })}
        </p>
      )}
    </li>
  );
}
