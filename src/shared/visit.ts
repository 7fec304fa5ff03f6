/**
 * A visit to a household: who came, when, how it ended, and which checklist
 * items changed while they were there. Visits are append-only, so two members
 * recording visits offline never conflict (shared/SYNC.md).
 */
import { z } from 'zod';
import { idSchema, isoDateSchema, isoTimeSchema, recordMetaSchema, shortText } from './record';

export const VISIT_OUTCOMES = ['helped', 'nobody_home', 'declined', 'come_back'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export const checklistChangeSchema = z.object({
  /** null: a household item; otherwise the person whose item changed. */
  personId: idSchema.nullable(),
  itemId: z.string().min(1).max(60),
  from: z.string().max(40),
  to: z.string().min(1).max(40),
});
export type ChecklistChange = z.infer<typeof checklistChangeSchema>;

const visitFields = {
  outcome: z.enum(VISIT_OUTCOMES),
  notes: shortText(2000),
  /** When to come back; required when the outcome is "come back later". */
  nextVisitOn: isoDateSchema.nullable(),
};

export const visitInputSchema = z
  .object({ ...visitFields, changes: z.array(checklistChangeSchema).max(200) })
  .refine((visit) => visit.outcome !== 'come_back' || visit.nextVisitOn !== null, {
    path: ['nextVisitOn'],
    message: 'errors.comeBackDateRequired',
  });
export type VisitInput = z.input<typeof visitInputSchema>;

export const visitSchema = recordMetaSchema.extend({
  ...visitFields,
  householdId: idSchema,
  villageId: idSchema,
  memberId: z.string().max(100),
  memberName: shortText(100),
  /** Device time of the visit; display only. */
  at: isoTimeSchema,
  changes: z.array(checklistChangeSchema).max(200),
});
export type Visit = z.infer<typeof visitSchema>;
