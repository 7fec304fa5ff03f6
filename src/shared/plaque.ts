/**
 * A QR plaque as a synced record: its code (plaque-code.ts), the village it
 * was printed for, and its life — generated (unassigned) → assigned to a
 * household → retired (lost, damaged or replaced by a new code). Each step
 * keeps who and when, so the record is its own history: a plaque is assigned
 * once and retired once. Nothing personal: the household is an opaque id.
 *
 * The village decides who syncs it (the sync scope), like every record. A
 * plaque may be put on a household of another village (a leader printed for
 * the wrong village, a family moved): the household then carries the code
 * too (household.plaqueCode), so scanning it still finds the house.
 */
import { z } from 'zod';
import { plaqueCodeSchema } from './plaque-code';
import { idSchema, isoTimeSchema, recordMetaSchema } from './record';

export const PLAQUE_STATUSES = ['unassigned', 'assigned', 'retired'] as const;
export type PlaqueStatus = (typeof PLAQUE_STATUSES)[number];

/** Why a plaque left its gate: lost or damaged (a new code replaces it), another plaque put up instead, or the household was erased. */
export const PLAQUE_RETIRE_REASONS = ['lost', 'damaged', 'replaced', 'household_erased'] as const;
export type PlaqueRetireReason = (typeof PLAQUE_RETIRE_REASONS)[number];

const memberId = z.string().max(100);

export const plaqueSchema = recordMetaSchema.extend({
  code: plaqueCodeSchema,
  /** The village it was printed for; decides who syncs it. */
  villageId: idSchema,
  status: z.enum(PLAQUE_STATUSES),
  householdId: idSchema.nullable(),
  /** createdAt is when it was generated (printed); by whom. */
  printedBy: memberId,
  assignedAt: isoTimeSchema.nullable(),
  assignedBy: memberId,
  retiredAt: isoTimeSchema.nullable(),
  retiredBy: memberId,
  retiredReason: z.enum(PLAQUE_RETIRE_REASONS).nullable(),
  /** The code that replaced this one ('' when none): "this plaque was replaced by …". */
  replacedBy: z.union([plaqueCodeSchema, z.literal('')]),
});
export type Plaque = z.infer<typeof plaqueSchema>;

/** Most plaque numbers one reservation hands out; a village of a few thousand gates needs a few. */
export const MAX_PLAQUE_RESERVATION = 5000;

export const plaqueReservationRequestSchema = z.object({
  deviceId: idSchema,
  count: z.number().int().positive().max(MAX_PLAQUE_RESERVATION),
});
export type PlaqueReservationRequest = z.infer<typeof plaqueReservationRequestSchema>;

/** Numbers first … first + count − 1 are this device's alone: no other phone or leader gets them. */
export const plaqueReservationSchema = z.object({
  first: z.number().int().nonnegative(),
  count: z.number().int().positive(),
});
export type PlaqueReservation = z.infer<typeof plaqueReservationSchema>;
