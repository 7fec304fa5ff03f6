/**
 * Recording a visit: the visit record and every checklist change made during
 * it are written in one transaction, so the history always explains the
 * current answers.
 */
import { uuidv7 } from '../../shared/ids';
import { visitInputSchema, type Visit, type VisitInput } from '../../shared/visit';
import type { GoCuaDatabase } from './database';
import { applyItemValue } from './households';
import { refreshHouseholdIndex } from './household-index';
import { parseInput } from './validation';
import { DataError, putRecord, writeTransaction } from './write';

export async function recordVisit(db: GoCuaDatabase, householdId: string, input: VisitInput): Promise<Visit> {
  const fields = parseInput(visitInputSchema, input);
  return writeTransaction(db, async (member) => {
    const household = await db.households.get(householdId);
    if (!household) throw new DataError('errors.householdNotFound');
    const changes = [];
    for (const change of fields.changes) {
      const target = change.personId
        ? ({ kind: 'person', id: change.personId } as const)
        : ({ kind: 'household', id: householdId } as const);
      const applied = await applyItemValue(db, target, change.itemId, change.to, member);
      if (applied.householdId !== householdId) throw new DataError('errors.personNotFound');
      const from = applied.from;
      if (from !== change.to) changes.push({ ...change, from });
    }
    const now = new Date().toISOString();
    const visit: Visit = {
      id: uuidv7(),
      version: 0,
      createdAt: now,
      updatedAt: now,
      updatedBy: member.id,
      householdId,
      villageId: household.villageId,
      memberId: member.id,
      memberName: member.name,
      at: now,
      outcome: fields.outcome,
      notes: fields.notes,
      nextVisitOn: fields.nextVisitOn,
      changes,
    };
    await putRecord(db, 'visit', undefined, visit, member);
    await refreshHouseholdIndex(db, householdId);
    return visit;
  });
}

export async function visitsOf(db: GoCuaDatabase, householdId: string): Promise<Visit[]> {
  const visits = await db.visits.where('householdId').equals(householdId).toArray();
  return visits.sort((a, b) => (a.at < b.at ? 1 : -1));
}
