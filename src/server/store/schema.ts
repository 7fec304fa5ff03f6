/**
 * The database tables, as Kysely sees them. The same schema runs on SQLite
 * and PostgreSQL, so it keeps to types both treat alike: text for ids,
 * times (ISO 8601) and JSON, integer for versions, seqs and flags.
 *
 * Every synced table leads with `commune_id`: the commune is the sync scope
 * and has its own version counter, so communes never wait on each other and
 * the data can later be split by commune without changing the protocol.
 */
import type { Generated } from 'kysely';

export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface CommuneTable {
  id: string;
  name: string;
  province_name: string;
  created_at: string;
}

/** One row per commune: the version counter that follows commit order (SYNC.md step 4). */
export interface CommuneCounterTable {
  commune_id: string;
  version: number;
}

export type Role = 'admin' | 'leader' | 'member';

export interface UserTable {
  id: string;
  /** null for administrators, who stand above communes. */
  commune_id: string | null;
  role: Role;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

export interface UserVillageTable {
  user_id: string;
  village_id: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface DeviceTable {
  id: string;
  user_id: string;
  commune_id: string;
  last_seq: number;
  created_at: string;
  last_seen_at: string;
}

/** A stored push result, so a retried mutation gets the same answer (SYNC.md #1). */
export interface MutationResultTable {
  device_id: string;
  seq: number;
  result: string;
  created_at: string;
}

/**
 * Every synced record (villages, households, persons, visits) in one table:
 * `data` is the record as the shared schema describes it, `field_versions`
 * the version at which each field last changed — what the field-level merge
 * compares against a mutation's baseVersion. A deleted record keeps only its
 * id and version (a tombstone; personal data is gone). `field_versions` maps
 * each field to {version, deviceId}: when it last changed, and from where.
 */
export interface RecordTable {
  commune_id: string;
  entity: string;
  id: string;
  village_id: string;
  version: number;
  deleted: number;
  data: string;
  field_versions: string;
  updated_at: string;
  updated_by: string;
  /** The device whose push wrote this version; null for versions no device wrote itself (migrations.ts 0003). */
  written_by_device: string | null;
  /** A live household's plaque code, null otherwise (migrations.ts 0004): found by index, not in `data`. */
  plaque_code: string | null;
}

export interface ConflictTable {
  id: string;
  commune_id: string;
  entity: string;
  record_id: string;
  village_id: string;
  field: string;
  /** JSON of the value the server kept, and of the value the device sent. */
  server_value: string;
  client_value: string;
  server_version: number;
  server_updated_by: string;
  client_user_id: string;
  client_device_id: string;
  client_edited_at: string;
  created_at: string;
  resolved_at: string | null;
}

/** One row (id 1): the next plaque number. Numbers are server-wide, so a plaque code is unique everywhere. */
export interface PlaqueCounterTable {
  id: number;
  next: number;
}

/** Who took which plaque numbers, on which device: the numbers behind every printed plaque can be traced. */
export interface PlaqueReservationTable {
  first: number;
  count: number;
  commune_id: string;
  user_id: string;
  device_id: string;
  created_at: string;
}

export interface Database {
  server_meta: ServerMetaTable;
  communes: CommuneTable;
  commune_counters: CommuneCounterTable;
  users: UserTable;
  user_villages: UserVillageTable;
  sessions: SessionTable;
  devices: DeviceTable;
  mutation_results: MutationResultTable;
  records: RecordTable;
  conflicts: ConflictTable;
  plaque_counter: PlaqueCounterTable;
  plaque_reservations: PlaqueReservationTable;
}

export type { Generated };
