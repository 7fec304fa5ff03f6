/**
 * Records as flat field maps: the unit of sync and of merging.
 *
 * Household and person fields merge one by one, and each checklist item is a
 * field of its own (`items.p.vneid`), so two members ticking different items
 * of the same person never conflict. `consent` is one field: its parts only
 * make sense together. `id`, `version` and the last-changed stamp are not
 * fields: the server owns them.
 */

export type FieldMap = Record<string, unknown>;

const ITEM_PREFIX = 'items.';
const NOT_FIELDS = new Set(['id', 'version', 'updatedAt', 'updatedBy']);

export function flattenRecord(record: object): FieldMap {
  const fields: FieldMap = {};
  for (const [key, value] of Object.entries(record)) {
    if (NOT_FIELDS.has(key)) continue;
    if (key === 'items' && value !== null && typeof value === 'object') {
      for (const [itemId, entry] of Object.entries(value)) fields[ITEM_PREFIX + itemId] = entry;
    } else {
      fields[key] = value;
    }
  }
  return fields;
}

/** The fields of `after` that differ from `before` (all of them for a new record). */
export function diffFields(before: object | undefined, after: object): FieldMap {
  const next = flattenRecord(after);
  if (!before) return next;
  const previous = flattenRecord(before);
  const changed: FieldMap = {};
  for (const [key, value] of Object.entries(next)) {
    if (!sameValue(previous[key], value)) changed[key] = value;
  }
  return changed;
}

/** Writes a field map onto a record; returns a new object. */
export function applyFields<T extends object>(record: T, fields: FieldMap): T {
  const result = { ...record } as Record<string, unknown>;
  let items: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith(ITEM_PREFIX)) {
      items ??= { ...((result.items as Record<string, unknown> | undefined) ?? {}) };
      items[key.slice(ITEM_PREFIX.length)] = value;
    } else {
      result[key] = value;
    }
  }
  if (items) result.items = items;
  return result as T;
}

/** Structural equality for JSON-like values, independent of key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
}
