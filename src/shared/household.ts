/**
 * A household: where it is (village, xóm/ngõ, house number — many rural houses
 * have none), who heads it, its plaque, its household checklist and the
 * consent that allows names and phones to be stored (DOMAIN.md, personal
 * data). A household that declines is still counted, anonymously: no names,
 * no phones.
 */
import { z } from 'zod';
import { normalizePhone } from './phone';
import { checklistItemsSchema, idSchema, isoTimeSchema, recordMetaSchema, shortText } from './record';

/** Empty, or a mobile number in its one stored form. */
export const phoneFieldSchema = z.string().transform((raw, context) => {
  if (raw.trim() === '') return '';
  const result = normalizePhone(raw);
  if (result.ok) return result.phone;
  context.addIssue({ code: 'custom', message: `errors.${result.error}` });
  return z.NEVER;
});

/** What the member records at the door: did the household agree, and who said so. */
export const consentInputSchema = z.object({
  status: z.enum(['given', 'declined']),
  /** Who in the household agreed (or refused), as they said it. */
  givenBy: shortText(100),
});
export type ConsentInput = z.infer<typeof consentInputSchema>;

/** The stored consent: also when, and by which member, it was recorded. */
export const consentSchema = consentInputSchema.extend({
  at: isoTimeSchema,
  recordedBy: z.string().max(100),
  recordedByName: shortText(100),
});
export type Consent = z.infer<typeof consentSchema>;

const householdFields = {
  villageId: idSchema,
  hamlet: shortText(100),
  houseNumber: shortText(20),
  headName: shortText(100),
  phone: phoneFieldSchema,
  plaqueCode: shortText(20),
  notes: shortText(2000),
  legacyAddress: shortText(200),
};

/** Names and phones only with consent given; the consent names who gave it. */
function checkConsent(
  household: { headName: string; phone: string; consent: ConsentInput },
  context: z.RefinementCtx,
): void {
  const { consent } = household;
  if (consent.status === 'given' && consent.givenBy === '') {
    context.addIssue({ code: 'custom', path: ['consent', 'givenBy'], message: 'errors.consentGivenByRequired' });
  }
  if (consent.status === 'given' && household.headName === '') {
    context.addIssue({ code: 'custom', path: ['headName'], message: 'errors.required' });
  }
  if (consent.status === 'declined' && (household.headName !== '' || household.phone !== '')) {
    context.addIssue({ code: 'custom', path: ['headName'], message: 'errors.noPersonalDataWithoutConsent' });
  }
}

/** What the register/edit form submits. */
export const householdInputSchema = z
  .object({ ...householdFields, consent: consentInputSchema })
  .superRefine(checkConsent);
export type HouseholdInput = z.input<typeof householdInputSchema>;

export const householdSchema = recordMetaSchema
  .extend({ ...householdFields, items: checklistItemsSchema, consent: consentSchema })
  .superRefine(checkConsent);
export type Household = z.infer<typeof householdSchema>;
