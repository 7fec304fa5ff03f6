/**
 * The field-level merge rule (shared/SYNC.md, push step 3). A mutation says
 * which fields changed and which server version the edit was based on. For
 * each field:
 *  - nobody else changed it since baseVersion → the edit applies;
 *  - another device changed it to the *same* value → nothing to do, no conflict;
 *  - another device changed it to a different value → the server keeps its
 *    value and a conflict is reported with both values.
 * Checklist items compare by their answer only: two members ticking the same
 * item "done" at different times agree. A field last written by the same
 * device is never a conflict: the device's later edit was made on top of its
 * own earlier one, whatever version that one received.
 */
import { sameValue, type FieldMap } from './fields';

export interface FieldConflict {
  field: string;
  serverValue: unknown;
  clientValue: unknown;
}

export interface MergeResult {
  /** The fields to write, with their new values. */
  applied: FieldMap;
  conflicts: FieldConflict[];
}

function agree(field: string, a: unknown, b: unknown): boolean {
  if (field.startsWith('items.') && a && b && typeof a === 'object' && typeof b === 'object') {
    return (a as { value?: unknown }).value === (b as { value?: unknown }).value;
  }
  return sameValue(a, b);
}

/** When each field last changed on the server, and from which device. */
export type FieldStamps = Record<string, { version: number; deviceId: string }>;

export function mergeFields(
  current: FieldMap,
  stamps: Readonly<FieldStamps>,
  incoming: FieldMap,
  baseVersion: number,
  deviceId: string,
): MergeResult {
  const applied: FieldMap = {};
  const conflicts: FieldConflict[] = [];
  for (const [field, value] of Object.entries(incoming)) {
    if (agree(field, current[field], value)) continue;
    const stamp = stamps[field];
    if (!stamp || stamp.version <= baseVersion || stamp.deviceId === deviceId) applied[field] = value;
    else conflicts.push({ field, serverValue: current[field], clientValue: value });
  }
  return { applied, conflicts };
}
