/**
 * A leader's team management. Unlike records, accounts are managed online
 * only (a password must never wait in an outbox), so these call the server
 * directly and say clearly when there is no connection.
 */
import { errorCode, NetworkError, type Transport } from './api';
import type { GoCuaDatabase } from './database';
import { getSession } from './session';
import { DataError } from './write';

export interface TeamMember {
  id: string;
  username: string;
  displayName: string;
  role: 'leader' | 'member';
  disabled: boolean;
  villageIds: string[];
}

const ERROR_KEYS: Record<string, string> = {
  duplicate_username: 'errors.usernameTaken',
  validation: 'errors.teamInvalid',
  forbidden: 'errors.forbidden',
  unauthenticated: 'errors.sessionExpired',
};

async function call(db: GoCuaDatabase, transport: Transport, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
  const session = await getSession(db);
  if (!session) throw new DataError('errors.sessionExpired');
  let response;
  try {
    response = await transport(method, path, body, session.token);
  } catch (error) {
    throw new DataError(error instanceof NetworkError ? 'errors.needsConnection' : 'errors.teamFailed', { cause: error });
  }
  if (response.status >= 400) throw new DataError(ERROR_KEYS[errorCode(response) ?? ''] ?? 'errors.teamFailed');
  return response.body;
}

export async function listTeam(db: GoCuaDatabase, transport: Transport): Promise<TeamMember[]> {
  const body = (await call(db, transport, 'GET', '/api/users')) as { users: TeamMember[] };
  return body.users;
}

export async function createMember(
  db: GoCuaDatabase,
  transport: Transport,
  input: { username: string; displayName: string },
): Promise<{ member: TeamMember; password: string }> {
  const body = (await call(db, transport, 'POST', '/api/users', { ...input, role: 'member' })) as { user: TeamMember; password: string };
  return { member: { ...body.user, villageIds: [] }, password: body.password };
}

export async function assignVillages(db: GoCuaDatabase, transport: Transport, userId: string, villageIds: string[]): Promise<void> {
  await call(db, transport, 'PUT', `/api/users/${userId}/villages`, { villageIds });
}

export async function resetPassword(db: GoCuaDatabase, transport: Transport, userId: string): Promise<string> {
  const body = (await call(db, transport, 'POST', `/api/users/${userId}/password`, {})) as { password: string };
  return body.password;
}
