/**
 * The server's storage, as the routes see it: accounts and sessions, and the
 * sync operations. One implementation over Kysely serves both SQLite and
 * PostgreSQL (kysely-store.ts); routes never write SQL.
 */
import type { PlaqueReservation } from '../../shared/plaque';
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../../shared/sync';
import type { Village } from '../../shared/village';
import type { DialectName } from './open';
import type { PullPage } from './pull';
import type { Role } from './schema';

export type { Role };

export interface User {
  id: string;
  communeId: string | null;
  role: Role;
  username: string;
  displayName: string;
  disabled: boolean;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Commune {
  id: string;
  name: string;
  provinceName: string;
}

/** Who is asking, and what they may see: all villages of their commune, or those assigned. */
export interface Scope {
  user: User;
  communeId: string;
  villageIds: ReadonlySet<string> | 'commune';
}

export class StoreError extends Error {
  constructor(
    readonly code: 'duplicate_username' | 'not_found' | 'device_of_other_user' | 'seq_gap',
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'StoreError';
  }
}

export interface Store {
  readonly dialect: DialectName;
  epoch(): Promise<string>;
  close(): Promise<void>;

  createCommune(input: { name: string; provinceName: string }): Promise<Commune>;
  listCommunes(): Promise<Commune[]>;
  getCommune(id: string): Promise<Commune | undefined>;

  countUsers(): Promise<number>;
  createUser(input: {
    communeId: string | null;
    role: Role;
    username: string;
    displayName: string;
    passwordHash: string;
  }): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  findUserByUsername(username: string): Promise<UserWithPassword | undefined>;
  listUsers(communeId: string): Promise<Array<User & { villageIds: string[] }>>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  setUserVillages(userId: string, villageIds: string[]): Promise<void>;
  userVillageIds(userId: string): Promise<string[]>;

  createSession(input: { tokenHash: string; userId: string; expiresAt: string }): Promise<void>;
  /** The live session's user, or undefined when unknown, expired or revoked. */
  findSessionUser(tokenHash: string, now: string): Promise<User | undefined>;
  revokeSession(tokenHash: string, now: string): Promise<void>;
  revokeUserSessions(userId: string, now: string): Promise<void>;

  listVillages(communeId: string): Promise<Village[]>;
  /** Hands out `count` plaque numbers no one else will get (server-wide), recorded against the device. */
  reservePlaqueNumbers(input: { communeId: string; userId: string; deviceId: string; count: number }): Promise<PlaqueReservation>;
  push(scope: Scope, request: PushRequest): Promise<PushResponse>;
  pull(scope: Scope, request: PullRequest): Promise<PullResponse>;
  /** The same page with each record as its stored JSON bytes, for the pull routes to send as they are (pull.ts). */
  pullPage(scope: Scope, request: PullRequest): Promise<PullPage>;
}
