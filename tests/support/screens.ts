/**
 * What every screen test starts from: the app at "/", a fresh database with
 * a member and a working village, and no toast left over.
 */
import { setWorkingVillageId } from '../../src/client/data/meta';
import type { GoCuaDatabase } from '../../src/client/data/database';
import { VILLAGE_ID } from './fixtures';
import { openTestDatabase } from './database';

export async function openScreenDatabase(): Promise<GoCuaDatabase> {
  window.history.replaceState(null, '', '/');
  localStorage.clear();
  const db = await openTestDatabase();
  await setWorkingVillageId(db, VILLAGE_ID);
  return db;
}

/** The path the app navigated to. */
export function currentPath(): string {
  return window.location.pathname;
}
