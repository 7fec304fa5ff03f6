// @vitest-environment node
/**
 * Plaques through the real client data layer and the real server: a leader
 * reserves numbers online, prints offline, syncs; a member's phone then knows
 * the plaques, puts a blank one on a gate, and the leader sees it assigned.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { registerHousehold } from '../../src/client/data/households';
import { assignPlaque, createPlaques, ensurePlaqueNumbers, resolvePlaque } from '../../src/client/data/plaques';
import { syncNow } from '../../src/client/data/sync-engine';
import { householdInput, registration } from '../support/fixtures';
import { buildWorld, injectTransport, newDevice, STORES, type World } from './harness';

let world: World | undefined;
afterEach(async () => {
  await world?.app.close();
  await world?.store.close();
  world = undefined;
});

describe.each(STORES)('plaques between phones (%s)', (STORE) => {
  it('printed on the leader’s phone, assigned at the gate on a member’s, seen by both', async () => {
    world = await buildWorld(STORE, { fastPasswords: true });
    const transport = injectTransport(world.app);
    const villageId = world.villageIds[0]!;
    const leaderPhone = await newDevice(world, 'leader');
    const memberPhone = await newDevice(world, 'member0');
    await syncNow(leaderPhone, { transport, appVersion: 'test' });

    const household = await registerHousehold(memberPhone, registration({ household: householdInput({ villageId }) }));
    expect(await syncNow(memberPhone, { transport, appVersion: 'test' })).toBe('synced');
    expect(await syncNow(leaderPhone, { transport, appVersion: 'test' })).toBe('synced');

    await ensurePlaqueNumbers(leaderPhone, transport, 3);
    const [onGate, blank] = await createPlaques(leaderPhone, { villageId, householdIds: [household.id], blankCount: 1 });
    expect(await syncNow(leaderPhone, { transport, appVersion: 'test' })).toBe('synced');
    expect(await syncNow(memberPhone, { transport, appVersion: 'test' })).toBe('synced');

    expect(await resolvePlaque(memberPhone, onGate!.code, villageId)).toMatchObject({ kind: 'household', householdId: household.id });
    expect(await resolvePlaque(memberPhone, blank!.code, villageId)).toMatchObject({ kind: 'unassigned' });

    const neighbour = await registerHousehold(memberPhone, registration({ household: householdInput({ villageId }) }));
    await assignPlaque(memberPhone, blank!.code, neighbour.id);
    expect(await syncNow(memberPhone, { transport, appVersion: 'test' })).toBe('synced');
    expect(await syncNow(leaderPhone, { transport, appVersion: 'test' })).toBe('synced');
    expect(await leaderPhone.plaques.get(blank!.id)).toMatchObject({ status: 'assigned', householdId: neighbour.id });
    expect((await leaderPhone.households.get(neighbour.id))?.plaqueCode).toBe(blank!.code);
    expect(await resolvePlaque(leaderPhone, blank!.code, villageId)).toMatchObject({ kind: 'household', householdId: neighbour.id });
  });
});
