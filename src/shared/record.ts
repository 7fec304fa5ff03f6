/**
 * What every synced record carries. `version` is the server's commit-ordered
 * version of the record (0 until the server has it); device times are for
 * display only and never decide order (shared/SYNC.md, clocks).
 */
import { z } from 'zod';

export const idSchema = z.uuid('errors.invalidId');
export const isoTimeSchema = z.iso.datetime({ offset: true, message: 'errors.invalidTime' });
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.invalidDate');

export const recordMetaSchema = z.object({
  id: idSchema,
  version: z.number().int().nonnegative(),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  /** The member who last changed the record. */
  updatedBy: z.string().max(100),
});

/** One checklist answer, with who set it and when (DOMAIN.md: every change records who and when). */
export const checklistEntrySchema = z.object({
  value: z.string().min(1).max(40),
  changedAt: isoTimeSchema,
  changedBy: z.string().max(100),
});
export type ChecklistEntry = z.infer<typeof checklistEntrySchema>;

export const checklistItemsSchema = z.record(z.string().max(60), checklistEntrySchema);
export type ChecklistItems = z.infer<typeof checklistItemsSchema>;

export const shortText = (max: number) => z.string().trim().max(max, 'errors.tooLong');
