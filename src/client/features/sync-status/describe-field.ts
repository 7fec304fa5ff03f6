/** Field names and values of a sync issue, in words a member understands. */
import { DEFAULT_CATALOGUE, findItem, valueOf } from '../../../shared/catalogue';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const FIELD_KEYS: Record<string, string> = {
  headName: 'household.headName',
  phone: 'household.phone',
  hamlet: 'household.hamlet',
  houseNumber: 'household.houseNumber',
  notes: 'household.notes',
  plaqueCode: 'household.plaque',
  consent: 'consent.title',
  fullName: 'person.fullName',
  birthYear: 'person.birthYear',
  relation: 'person.relation',
  name: 'villages.name',
};

export function fieldLabel(field: string, language: 'vi' | 'en', t: Translate): string {
  if (field === '*') return t('sync.wholeRecord');
  if (field.startsWith('items.')) return findItem(DEFAULT_CATALOGUE, field.slice(6))?.label[language] ?? field;
  const key = FIELD_KEYS[field];
  return key ? t(key) : field;
}

export function fieldValue(field: string, value: unknown, language: 'vi' | 'en', t: Translate): string {
  if (value === null || value === undefined || value === '') return t('sync.empty');
  if (field.startsWith('items.')) {
    const item = findItem(DEFAULT_CATALOGUE, field.slice(6));
    const answer = (value as { value?: string }).value ?? '';
    return item ? valueOf(item, answer).label[language] : answer;
  }
  if (field === 'relation') return t(`relation.${String(value)}`);
  if (field === 'consent') return (value as { status?: string }).status === 'given' ? t('consent.given') : t('consent.declined');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
