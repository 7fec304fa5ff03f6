import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registration, VILLAGE_ID } from '../../../../tests/support/fixtures';
import { currentPath, openScreenDatabase } from '../../../../tests/support/screens';
import type { Household } from '../../../shared/household';
import { parsePlaqueCode } from '../../../shared/plaque-code';
import type { Transport } from '../../data/api';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { availablePlaqueNumbers, createPlaques, ensurePlaqueNumbers } from '../../data/plaques';
import { ToastHost } from '../../ui/toast';
import { HouseholdScreen } from './household-screen';

const NOW = new Date().toISOString();
const REPLACE = 'Biển bị mất / hỏng — làm biển mới';

let db: GoCuaDatabase;
let household: Household;
let oldCode: string;

const server: Transport = async (_method, _path, body) => ({ status: 200, body: { first: 50, count: (body as { count: number }).count } });

async function signInAs(role: 'leader' | 'member') {
  await db.meta.put({
    key: 'session',
    value: { token: 't', expiresAt: '2099-01-01T00:00:00.000Z', user: { id: 'u1', username: 'lan', displayName: 'Lan', role, communeId: 'c1' }, commune: null, team: {}, expired: false },
  });
}

beforeEach(async () => {
  db = await openScreenDatabase();
  await db.villages.put({ id: VILLAGE_ID, version: 1, createdAt: NOW, updatedAt: NOW, updatedBy: 'x', name: 'Thôn Đông Hòa', communeName: 'Xã An', provinceName: '', legacyDistrict: '' });
  await signInAs('leader');
  household = await registerHousehold(db, registration());
  await ensurePlaqueNumbers(db, server, 1);
  const [plaque] = await createPlaques(db, { villageId: VILLAGE_ID, householdIds: [household.id] });
  oldCode = plaque!.code;
});

afterEach(() => {
  vi.unstubAllGlobals();
  db.close();
});

describe('HouseholdScreen: replacing a lost or damaged plaque', () => {
  it('asks for the reason, retires the old code, gives the household a new one and opens its print preview', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    fireEvent.click(await screen.findByRole('button', { name: REPLACE }));
    const dialog = screen.getByRole('alertdialog', { name: 'Làm biển mới cho hộ này?' });
    expect(dialog).toHaveTextContent(oldCode);
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Bị hỏng' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Làm biển mới' }));

    await waitFor(() => expect(currentPath()).toBe(`/plaques/print/${VILLAGE_ID}`));
    const stored = await db.households.get(household.id);
    expect(stored?.plaqueCode).not.toBe(oldCode);
    expect(parsePlaqueCode(stored!.plaqueCode)).toMatchObject({ ok: true });
    expect(new URLSearchParams(window.location.search).get('code')).toBe(stored!.plaqueCode);
    const old = await db.plaques.where('code').equals(oldCode).first();
    expect(old).toMatchObject({ status: 'retired', retiredReason: 'damaged', replacedBy: stored!.plaqueCode });
  });

  it('changes nothing when cancelled', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    fireEvent.click(await screen.findByRole('button', { name: REPLACE }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Huỷ' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect((await db.households.get(household.id))?.plaqueCode).toBe(oldCode);
    expect(await db.plaques.count()).toBe(1);
  });

  it('offline with no reserved code left, says to connect and keeps the old plaque', async () => {
    // The reserved ranges used up (the key data/plaques.ts keeps them under).
    await db.meta.delete('plaqueNumbers');
    expect(await availablePlaqueNumbers(db)).toBe(0);
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    render(
      <>
        <HouseholdScreen householdId={household.id} />
        <ToastHost />
      </>,
    );
    fireEvent.click(await screen.findByRole('button', { name: REPLACE }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Làm biển mới' }));
    expect(await screen.findByText(/Máy không còn đủ mã biển dự trữ/)).toBeInTheDocument();
    expect((await db.households.get(household.id))?.plaqueCode).toBe(oldCode);
    expect((await db.plaques.where('code').equals(oldCode).first())?.status).toBe('assigned');
  });

  it('is not offered to members, who cannot print the new plaque', async () => {
    await signInAs('member');
    render(<HouseholdScreen householdId={household.id} />);
    expect(await screen.findByText(oldCode)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: REPLACE })).not.toBeInTheDocument();
  });
});
