/**
 * The register/edit form's state, as typed (strings), and its conversion to
 * the shared input schemas. Nothing typed is thrown away on an error.
 */
import type { Household, HouseholdInput } from '../../../shared/household';
import type { PersonInput, Relation } from '../../../shared/person';

export interface MemberDraft {
  key: string;
  fullName: string;
  birthYear: string;
  relation: Relation;
  phone: string;
}

export interface HouseholdDraft {
  consentStatus: 'given' | 'declined' | null;
  givenBy: string;
  hamlet: string;
  houseNumber: string;
  headName: string;
  headBirthYear: string;
  phone: string;
  business: string;
  notes: string;
  members: MemberDraft[];
}

export const EMPTY_DRAFT: HouseholdDraft = {
  consentStatus: null,
  givenBy: '',
  hamlet: '',
  houseNumber: '',
  headName: '',
  headBirthYear: '',
  phone: '',
  business: 'unknown',
  notes: '',
  members: [],
};

export function draftFromHousehold(household: Household): HouseholdDraft {
  return {
    ...EMPTY_DRAFT,
    consentStatus: household.consent.status,
    givenBy: household.consent.givenBy,
    hamlet: household.hamlet,
    houseNumber: household.houseNumber,
    headName: household.headName,
    phone: household.phone,
    notes: household.notes,
    business: household.items['hh.business']?.value ?? 'unknown',
  };
}

/** '' → null (not known); anything else must be a whole number, checked by the schema. */
export function parseBirthYear(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export function householdInput(draft: HouseholdDraft, villageId: string, legacyAddress = ''): HouseholdInput {
  const anonymous = draft.consentStatus !== 'given';
  return {
    villageId,
    hamlet: draft.hamlet,
    houseNumber: draft.houseNumber,
    headName: anonymous ? '' : draft.headName,
    phone: anonymous ? '' : draft.phone,
    plaqueCode: '',
    notes: draft.notes,
    legacyAddress,
    consent: { status: draft.consentStatus ?? 'declined', givenBy: draft.givenBy },
  };
}

export function personInput(member: Omit<MemberDraft, 'key'>): PersonInput {
  return {
    fullName: member.fullName,
    birthYear: parseBirthYear(member.birthYear),
    relation: member.relation,
    phone: member.phone,
  };
}
