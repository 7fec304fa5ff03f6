/**
 * Who is signed in on this phone. A member signs in once while online; the
 * session (token, user, commune) is kept in IndexedDB so the app opens
 * offline afterwards. When the server says the session has expired, the
 * outbox is kept and the member is asked to sign in again (SYNC.md #23).
 */
import { uuidv7 } from '../../shared/ids';
import { errorCode, NetworkError, type Transport } from './api';
import type { GoCuaDatabase } from './database';
import { DataError } from './write';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'leader' | 'member';
  communeId: string | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
  commune: { id: string; name: string; provinceName: string } | null;
  /** Team members' names by id, to say who changed what. */
  team: Record<string, string>;
  expired: boolean;
}

export async function getSession(db: GoCuaDatabase): Promise<Session | undefined> {
  return (await db.meta.get('session'))?.value as Session | undefined;
}

export async function markSessionExpired(db: GoCuaDatabase): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const session = await getSession(db);
    if (session) await db.meta.put({ key: 'session', value: { ...session, expired: true } });
  });
}

/** Everything synced from the server, for a phone that changes hands between team members. */
async function clearLocalRecords(db: GoCuaDatabase): Promise<void> {
  await db.transaction('rw', [...db.recordTables(), db.householdIndex, db.syncIssues, db.meta], async () => {
    await Promise.all([...db.recordTables().map((table) => table.clear()), db.householdIndex.clear(), db.syncIssues.clear()]);
    await db.meta.bulkDelete(['cursor', 'epoch', 'workingVillageId', 'lastSyncAt', 'nextSeq', 'plaqueNumbers']);
    // A new device id: the server keeps each device's seq, and this is a new start.
    await db.meta.put({ key: 'deviceId', value: uuidv7() });
  });
}

export async function signIn(db: GoCuaDatabase, transport: Transport, username: string, password: string): Promise<Session> {
  let login;
  try {
    login = await transport('POST', '/api/auth/login', { username, password }, null);
  } catch (error) {
    throw new DataError(error instanceof NetworkError ? 'errors.signInOffline' : 'errors.signInFailed', { cause: error });
  }
  if (login.status === 401) throw new DataError('errors.badCredentials');
  if (login.status === 429) throw new DataError('errors.tooManyAttempts');
  if (login.status !== 200) throw new DataError(errorCode(login) === 'validation' ? 'errors.badCredentials' : 'errors.signInFailed');
  const { token, expiresAt, user } = login.body as { token: string; expiresAt: string; user: SessionUser };
  const me = await transport('GET', '/api/me', undefined, token);
  const profile = (me.body ?? {}) as { commune?: Session['commune']; team?: Array<{ id: string; displayName: string }> };

  const previous = await getSession(db);
  const previousMember = (await db.meta.get('member'))?.value as { id: string; name: string } | undefined;
  const previousUserId = previous?.user.id ?? previousMember?.id;
  if (previousUserId && previousUserId !== user.id) {
    const pending = await db.outbox.count();
    if (pending > 0) throw new DataError('errors.otherMemberHasPending');
    await clearLocalRecords(db);
  }
  const session: Session = {
    token,
    expiresAt,
    user,
    commune: profile.commune ?? null,
    team: Object.fromEntries((profile.team ?? []).map((member) => [member.id, member.displayName])),
    expired: false,
  };
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: 'session', value: session });
    await db.meta.put({ key: 'member', value: { id: user.id, name: user.displayName } });
  });
  return session;
}

/** Signs out on this phone; unsent changes stay queued for the next sign-in of the same member. */
export async function signOut(db: GoCuaDatabase, transport: Transport): Promise<void> {
  const session = await getSession(db);
  if (session) await transport('POST', '/api/auth/logout', undefined, session.token).catch(() => undefined);
  await db.meta.delete('session');
}
