// @vitest-environment node
/**
 * The seeded multi-device sync simulation (shared/SYNC.md, "How to test it").
 * See simulation/scheduler.ts for what one seed does and
 * simulation/invariants.ts for what must hold at its end.
 *
 *   SIM_SEEDS=<count>  seeds per store (default 200), starting at SIM_FIRST_SEED (default 1)
 *   SIM_SEED=<n>       one seed only (a failure prints the command to replay it)
 *   SIM_STEPS=<n>      scheduler steps per seed (default 24)
 *   SIM_TRACE=1        print every seed's trace and summary
 *   SIM_STORE=sqlite|postgres  one store only
 * PostgreSQL runs too when TEST_DATABASE_URL is set (see harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KyselyStore } from '../../src/server/store/kysely-store';
import { openTestStore, STORES } from './harness';
import { runSeed } from './simulation/scheduler';

// Ids that sort in creation order, so a seed replays exactly (simulation/ids.ts).
vi.mock('../../src/shared/ids', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/shared/ids')>();
  const { monotonicUuidv7 } = await import('./simulation/ids');
  return { ...original, uuidv7: monotonicUuidv7 };
});

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return value;
}

const single = process.env.SIM_SEED;
const first = numberFromEnv('SIM_FIRST_SEED', 1);
const seeds = single !== undefined && single !== '' ? [numberFromEnv('SIM_SEED', 1)] : Array.from({ length: numberFromEnv('SIM_SEEDS', 200) }, (_, i) => first + i);
const steps = numberFromEnv('SIM_STEPS', 24);
const verbose = process.env.SIM_TRACE === '1';

const stores = STORES.filter((store) => !process.env.SIM_STORE || store === process.env.SIM_STORE);

describe.each(stores)('sync simulation on %s', (store) => {
  let shared: KyselyStore | undefined;
  beforeAll(async () => {
    // Its own PostgreSQL database: test files run in parallel and each empties its tables.
    if (store === 'postgres') shared = await openTestStore('postgres', { database: 'sync_simulation' });
  });
  afterAll(async () => {
    await shared?.close();
  });

  it.each(seeds)('seed %i', async (seed) => {
    const result = await runSeed(store, seed, steps, shared);
    if (verbose) console.log(`seed ${seed} (${store}): ${result.summary}\n${result.trace.join('\n')}`);
    if (result.problems.length > 0) {
      const database = store === 'postgres' ? `TEST_DATABASE_URL=${process.env.TEST_DATABASE_URL} ` : '';
      const only = `SIM_STORE=${store} `;
      console.error(
        `simulation failed for seed ${seed} on ${store}\n` +
          `replay: ${database}${only}SIM_SEED=${seed} SIM_STEPS=${steps} SIM_TRACE=1 npx vitest run tests/sync/simulation.test.ts\n` +
          `${result.summary}\n` +
          `problems:\n  ${result.problems.slice(0, 40).join('\n  ')}${result.problems.length > 40 ? `\n  … and ${result.problems.length - 40} more` : ''}\n` +
          `last steps:\n  ${result.trace.slice(-40).join('\n  ')}`,
      );
    }
    expect(result.problems, `seed ${seed} on ${store}`).toEqual([]);
  }, 120_000);
});
