/**
 * The sync wire format (shared/SYNC.md). A mutation is one local write as the
 * server will receive it: the device's growing `seq`, the record, the server
 * version the edit was based on, and only the fields that changed.
 */
import { z } from 'zod';
import { idSchema, isoTimeSchema } from './record';

export const ENTITIES = ['village', 'household', 'person', 'visit', 'plaque'] as const;
export type EntityName = (typeof ENTITIES)[number];

export const mutationSchema = z.object({
  // Stored as a 32-bit integer on the server; no phone makes two billion edits.
  seq: z.number().int().positive().max(2 ** 31 - 1),
  entity: z.enum(ENTITIES),
  id: idSchema,
  op: z.enum(['put', 'delete']),
  baseVersion: z.number().int().nonnegative().max(2 ** 31 - 1),
  fields: z.record(z.string().max(80), z.unknown()),
  /** Device time; display only. */
  editedAt: isoTimeSchema,
  editedBy: z.string().max(100),
});
export type Mutation = z.infer<typeof mutationSchema>;

/** The schema version of records and mutations this code writes. */
export const SCHEMA_VERSION = 1;

/** The most mutations in one push; the server answers more with 400 (and over 2 MiB with 413). */
export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PULL_LIMIT = 2000;

export const pushRequestSchema = z.object({
  deviceId: idSchema,
  schemaVersion: z.number().int().positive(),
  appVersion: z.string().max(40),
  /** The server epoch this device last synced with; null before its first pull. */
  epoch: z.string().max(80).nullable(),
  mutations: z.array(mutationSchema).max(MAX_PUSH_MUTATIONS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export type MutationStatus = 'applied' | 'conflict' | 'rejected' | 'forbidden';

export interface ConflictReport {
  id: string;
  field: string;
  serverValue: unknown;
  clientValue: unknown;
  serverUpdatedBy: string;
  serverVersion: number;
}

export interface MutationResult {
  seq: number;
  status: MutationStatus;
  /** The record's server version after this mutation (0 when it never existed). */
  version: number;
  /** The server's resulting record, so the device does not keep a stale copy; null for tombstones. */
  record: Record<string, unknown> | null;
  deleted?: boolean;
  conflicts?: ConflictReport[];
  /** For rejected / forbidden: an i18n key saying why. */
  error?: string;
}

export interface PushResponse {
  lastSeq: number;
  epoch: string;
  results: MutationResult[];
}

export const pullRequestSchema = z.object({
  deviceId: idSchema,
  cursor: z.string().max(200).nullable(),
  limit: z.number().int().positive().max(MAX_PULL_LIMIT).default(1000),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export interface PulledChange {
  entity: EntityName;
  id: string;
  version: number;
  deleted: boolean;
  record: Record<string, unknown> | null;
}

export interface PullResponse {
  changes: PulledChange[];
  cursor: string;
  hasMore: boolean;
  epoch: string;
  /** True when this pull starts again from the beginning (new epoch or a changed scope). */
  reset: boolean;
  /** The villages this member may see now; records of other villages leave the device. */
  scope: { villageIds: string[] };
}
