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

/** The page size when a pull names none (the app names one only when it wants another). */
export const DEFAULT_PULL_LIMIT = 1000;

/** Where a device's pull stands: its cursor (null before its first pull) and the page size it wants. */
const pullPositionSchema = z.object({
  cursor: z.string().max(200).nullable(),
  limit: z.number().int().positive().max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});

export const pushRequestSchema = z.object({
  deviceId: idSchema,
  schemaVersion: z.number().int().positive(),
  appVersion: z.string().max(40),
  /** The server epoch this device last synced with; null before its first pull. */
  epoch: z.string().max(80).nullable(),
  mutations: z.array(mutationSchema).max(MAX_PUSH_MUTATIONS),
  /**
   * Also pull, from this cursor, once the push is committed: the answer then
   * carries the page (`pull`), so a visit synced on its own is one request.
   * Sending it also says the device understands answers without a `record`
   * (see MutationResult.record).
   */
  pull: pullPositionSchema.optional(),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;
/** A push as a device sends it (the page size may be left to the server's default). */
export type PushRequestInput = z.input<typeof pushRequestSchema>;

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
  /**
   * The server's resulting record, so the device does not keep a stale copy; null for tombstones.
   * Absent (only when the push asked for `pull`, and only for `applied`) when the server's record
   * is exactly the device's own: the record at `baseVersion` with the mutation's fields, stamped
   * `updatedAt = editedAt`, `updatedBy = editedBy`, at `version`. Sending it back would echo
   * the device's own bytes; the device sets the version on its copy instead.
   */
  record?: Record<string, unknown> | null;
  deleted?: boolean;
  conflicts?: ConflictReport[];
  /** For rejected / forbidden: an i18n key saying why. */
  error?: string;
}

export interface PushResponse {
  lastSeq: number;
  /** The server's epoch; left out when the push asked for `pull` and named this epoch already. */
  epoch?: string;
  results: MutationResult[];
  /** The page pulled after the push committed, when the push asked for it. */
  pull?: PullResponse;
}

export const pullRequestSchema = pullPositionSchema.extend({ deviceId: idSchema });
export type PullRequest = z.infer<typeof pullRequestSchema>;

/**
 * A pull leaves out the rows whose newest version this device wrote itself (it holds them
 * already, from the push answer), except when it starts from the beginning.
 */
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
  /** The server's epoch: sent when the pull starts from the beginning (it is in the cursor otherwise). */
  epoch?: string;
  /** Sent (true) when this pull starts again from the beginning (new epoch or a changed scope). */
  reset?: boolean;
  /**
   * The villages this member may see now; records of other villages leave the device. Sent when
   * the pull starts from the beginning (null cursor or `reset`), the only time the device uses it:
   * a changed scope always changes the cursor's scope hash, so it always comes with a reset.
   */
  scope?: { villageIds: string[] };
}
