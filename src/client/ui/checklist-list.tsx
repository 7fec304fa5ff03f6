/** A record's applicable checklist items, each changeable in place. */
import type { CatalogueItem } from '../../shared/catalogue';
import { ChecklistItem } from './checklist-item';

export function ChecklistList({
  items,
  values,
  language,
  label,
  quickLabel,
  changedItemIds,
  changedLabel,
  onChange,
}: {
  items: CatalogueItem[];
  values: Readonly<Record<string, string | undefined>>;
  language: 'vi' | 'en';
  label: string;
  quickLabel: string;
  changedItemIds?: ReadonlySet<string>;
  changedLabel?: string;
  onChange: (itemId: string, value: string) => void;
}) {
  return (
    <ul className="checklist" aria-label={label}>
      {items.map((item) => (
        <ChecklistItem
          key={item.id}
          label={item.label[language]}
          options={item.values.map((value) => ({ id: value.id, kind: value.kind, label: value.label[language] }))}
          value={values[item.id] ?? 'unknown'}
          quickValue={item.valueType === 'status' ? 'done' : undefined}
          quickLabel={quickLabel}
          changed={changedItemIds?.has(item.id)}
          changedLabel={changedLabel}
          onChange={(value) => onChange(item.id, value)}
        />
      ))}
    </ul>
  );
}

/** Values of a record's items as a plain map, for ChecklistList. */
export function itemValues(items: Readonly<Record<string, { value: string }>>): Record<string, string> {
  return Object.fromEntries(Object.entries(items).map(([id, entry]) => [id, entry.value]));
}
