/**
 * A member of a household. Only the birth year is kept (never a full date,
 * never an ID number): enough to place the person in the age groups the
 * indicators count over.
 */
import { z } from 'zod';
import { phoneFieldSchema } from './household';
import { checklistItemsSchema, idSchema, recordMetaSchema, shortText } from './record';

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'in_law', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const birthYearSchema = z
  .number({ error: 'errors.birthYearInvalid' })
  .int('errors.birthYearInvalid')
  .min(1900, 'errors.birthYearInvalid')
  .max(2100, 'errors.birthYearInvalid')
  .nullable()
  .refine((year) => year === null || year <= new Date().getFullYear(), 'errors.birthYearFuture');

const personFields = {
  /** Empty only in a household that declined consent (counted anonymously). */
  fullName: shortText(100),
  birthYear: birthYearSchema,
  relation: z.enum(RELATIONS),
  phone: phoneFieldSchema,
};

export const personInputSchema = z.object(personFields);
export type PersonInput = z.input<typeof personInputSchema>;

export const personSchema = recordMetaSchema.extend({
  ...personFields,
  householdId: idSchema,
  villageId: idSchema,
  items: checklistItemsSchema,
});
export type Person = z.infer<typeof personSchema>;
