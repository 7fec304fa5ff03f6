/**
 * Server configuration, from environment variables with defaults that work
 * with no configuration at all (embedded SQLite under ./data).
 *
 * | variable             | default   | meaning |
 * |----------------------|-----------|---------|
 * | PORT                 | 8080      | HTTP port |
 * | HOST                 | 0.0.0.0   | listen address |
 * | DATA_DIR             | ./data    | SQLite file and server state |
 * | DATABASE_URL         | (unset)   | postgres://… to use PostgreSQL instead of SQLite |
 * | SESSION_DAYS         | 60        | how long a sign-in lasts (members may be offline for weeks) |
 * | TRUST_PROXY          | false     | true / a hop count / addresses, when behind a reverse proxy |
 * | ADMIN_PASSWORD       | (unset)   | first administrator's password; otherwise one is generated and printed once |
 * | LOG_LEVEL            | info      | pino level |
 * | STATIC_DIR           | ./dist    | the built PWA |
 */
import path from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionDays: number;
  trustProxy: boolean | number | string;
  adminPassword: string | undefined;
  logLevel: string;
  staticDir: string;
  demo: boolean;
  newEpoch: boolean;
}

function positiveInteger(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return parsed;
}

function port(value: string | undefined): number {
  const parsed = positiveInteger(value, 8080, 'PORT');
  if (parsed > 65535) throw new Error(`PORT must be 1–65535, got "${value}"`);
  return parsed;
}

function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): ServerConfig {
  return {
    port: port(env.PORT),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    sessionDays: positiveInteger(env.SESSION_DAYS, 60, 'SESSION_DAYS'),
    trustProxy: trustProxy(env.TRUST_PROXY),
    adminPassword: env.ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    staticDir: path.resolve(env.STATIC_DIR || './dist'),
    demo: argv.includes('--demo'),
    newEpoch: argv.includes('--new-epoch'),
  };
}
