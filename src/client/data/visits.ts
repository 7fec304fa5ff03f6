/**
 * Recording a visit: the visit record and every checklist change made during
 * it are written in one transaction, so the history always explains the
 * current answers.
 */
import { uuidv7 } from '../../shared/ids';
import { visitInputSchema, type ChecklistChange, type Visit, type VisitInput } from '../../shared/visit';
import type { GoCuaDatabase } from './database';
import { checkItemValue, withItemValue } from './households';
import { indexRow, refreshHouseholdIndex } from './household-index';
import { prepareSeqs } from './meta';
import { parseInput } from './validation';
import { DataError, putRecords, writeTransactionWithReads } from './write';

export async function recordVisit(db: GoCuaDatabase, householdId: string, input: VisitInput): Promise<Visit> {
  const fields = parseInput(visitInputSchema, input);
  // Everything the visit touches, read at once and with the member: the household, its members, its list row, the seq counter.
  const reads = () =>
    Promise.all([
      db.households.get(householdId),
      db.persons.where('householdId').equals(householdId).toArray(),
      db.householdIndex.get(householdId),
      prepareSeqs(db),
    ]);
  return writeTransactionWithReads(db, reads, async (member, [household, persons, indexBefore]) => {
    if (!household) throw new DataError('errors.householdNotFound');

    // Apply every checklist change in memory first: one write per record, however many items changed.
    let householdAfter = household;
    const personsAfter = new Map(persons.map((person) => [person.id, person]));
    const changes: ChecklistChange[] = [];
    for (const change of fields.changes) {
      checkItemValue(change.personId ? 'person' : 'household', change.itemId, change.to);
      if (change.personId) {
        const person = personsAfter.get(change.personId);
        if (!person) throw new DataError('errors.personNotFound');
        const from = person.items[change.itemId]?.value ?? 'unknown';
        if (from === change.to) continue;
        personsAfter.set(person.id, withItemValue(person, change.itemId, change.to, member));
        changes.push({ ...change, from });
      } else {
        const from = householdAfter.items[change.itemId]?.value ?? 'unknown';
        if (from === change.to) continue;
        householdAfter = withItemValue(householdAfter, change.itemId, change.to, member);
        changes.push({ ...change, from });
      }
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
    // This visit is the list row's latest unless the phone's clock was behind an earlier one's, or an
    // earlier one has the very same time (then latestVisit decides by id): then the row is rebuilt after.
    const notSurelyLatest = indexBefore?.lastVisitAt != null && indexBefore.lastVisitAt >= visit.at;
    await Promise.all([
      putRecords(
        db,
        [
          { entity: 'household', before: household, after: householdAfter },
          ...persons.map((person) => ({ entity: 'person' as const, before: person, after: personsAfter.get(person.id)! })),
          { entity: 'visit', before: undefined, after: visit },
        ],
        member,
      ),
      // The list row side by side with the records: one round trip less on the save the member waits for.
      notSurelyLatest ? undefined : db.householdIndex.put(indexRow(householdAfter, [...personsAfter.values()], visit)),
    ]);
    if (notSurelyLatest) await refreshHouseholdIndex(db, householdId);
    return visit;
  });
}
