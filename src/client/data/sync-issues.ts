/**
 * What the member does with a sync issue: for a conflict, keep the server's
 * value (nothing to write) or put theirs back — a new edit based on the
 * current version, which the server then applies. Either way the issue is
 * marked resolved, never deleted, so the history stays explainable.
 */
import { applyFields } from '../../shared/fields';
import type { GoCuaDatabase } from './database';
import { refreshHouseholdIndex } from './household-index';
import { householdIdOf, tableOf } from './sync-apply';
import { DataError, putRecord, writeTransaction } from './write';

export async function resolveIssue(db: GoCuaDatabase, issueId: string, choice: 'mine' | 'theirs'): Promise<void> {
  await writeTransaction(db, async (member) => {
    const issue = await db.syncIssues.get(issueId);
    if (!issue) throw new DataError('errors.issueNotFound');
    if (choice === 'mine' && issue.kind === 'conflict' && issue.field) {
      const before = await tableOf(db, issue.entity).get(issue.recordId);
      if (!before) throw new DataError('errors.recordGone');
      const value = issue.field.startsWith('items.')
        ? { ...(issue.clientValue as object), changedAt: new Date().toISOString(), changedBy: member.id }
        : issue.clientValue;
      const after = { ...applyFields(before, { [issue.field]: value }), updatedAt: new Date().toISOString(), updatedBy: member.id };
      await putRecord(db, issue.entity, before, after, member);
      const householdId = householdIdOf(issue.entity, before as { id: string; householdId?: string });
      if (householdId) await refreshHouseholdIndex(db, householdId);
    }
    await db.syncIssues.update(issueId, { resolvedAt: new Date().toISOString() });
  });
}
