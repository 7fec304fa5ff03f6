/**
 * The sync wire format (shared/SYNC.md). A mutation is one local write as the
 * server will receive it: the device's growing `seq`, the record, the server
 * version the edit was based on, and only the fields that changed.
 */
import { z } from 'zod';
import { idSchema, isoTimeSchema } from './record';

export const ENTITIES = ['village', 'household', 'person', 'visit'] as const;
export type EntityName = (typeof ENTITIES)[number];

export const mutationSchema = z.object({
  seq: z.number().int().positive(),
  entity: z.enum(ENTITIES),
  id: idSchema,
  op: z.enum(['put', 'delete']),
  baseVersion: z.number().int().nonnegative(),
  fields: z.record(z.string().max(80), z.unknown()),
  /** Device time; display only. */
  editedAt: isoTimeSchema,
  editedBy: z.string().max(100),
});
export type Mutation = z.infer<typeof mutationSchema>;

/** The schema version of records and mutations this code writes. */
export const SCHEMA_VERSION = 1;
