import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { headedBy, OTHER_VILLAGE_ID, registration, VILLAGE_ID } from '../../../../tests/support/fixtures';
import { currentPath, openScreenDatabase } from '../../../../tests/support/screens';
import { offline, reservingServer } from '../../../../tests/support/transports';
import { parsePlaqueCode } from '../../../shared/plaque-code';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { availablePlaqueNumbers, ensurePlaqueNumbers } from '../../data/plaques';
import { PlaquesScreen } from './plaques-screen';
import { PrintScreen } from './print-screen';

const NOW = new Date().toISOString();

let db: GoCuaDatabase;

function village(id: string, name: string) {
  return { id, version: 1, createdAt: NOW, updatedAt: NOW, updatedBy: 'x', name, communeName: 'Xã An', provinceName: '', legacyDistrict: '' };
}

async function signInAs(role: 'leader' | 'member') {
  await db.meta.put({
    key: 'session',
    value: {
      token: 't0k3n',
      expiresAt: '2099-01-01T00:00:00.000Z',
      user: { id: 'u1', username: 'lan', displayName: 'Lan', role, communeId: 'c1' },
      commune: null,
      team: {},
      expired: false,
    },
  });
}

beforeEach(async () => {
  db = await openScreenDatabase();
  await db.villages.bulkPut([village(VILLAGE_ID, 'Thôn Đông Hòa'), village(OTHER_VILLAGE_ID, 'Thôn Bắc')]);
  await signInAs('leader');
  for (const [name, houseNumber] of [['Nguyễn Văn An', '12'], ['Trần Thị Bình', '3'], ['Lê Văn Cường', '']] as const) {
    await registerHousehold(db, registration({ household: headedBy(name, { houseNumber, phone: '' }) }));
  }
  // Not counted: a household of another village.
  await registerHousehold(db, registration({ household: headedBy('Phạm Văn Dũng', { villageId: OTHER_VILLAGE_ID, phone: '' }) }));
});

afterEach(() => {
  db.close();
});

/** The print preview the screen navigated to, rendered as the router would (a fresh mount, as after a reload). */
async function openPreview() {
  await waitFor(() => expect(currentPath()).toMatch(/^\/plaques\/print\//));
  const villageId = decodeURIComponent(currentPath().split('/')[3]!);
  const view = render(<PrintScreen villageId={villageId} />);
  await waitFor(() => expect(view.container.querySelectorAll('.plaque .plaque-qr svg').length).toBeGreaterThan(0));
  return view;
}

function sheetCodes(container: HTMLElement): string[] {
  return [...container.querySelectorAll('.plaque-code')].map((element) => element.textContent ?? '');
}

describe('PlaquesScreen: printing for households without a plaque', () => {
  it('shows how many households of the village have no plaque, and creates one plaque each with distinct valid codes', async () => {
    const server = reservingServer(100);
    const { unmount } = render(<PlaquesScreen transport={server.transport} />);
    expect(await screen.findByRole('radio', { name: 'Các hộ chưa có biển (3 hộ)' })).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByRole('radio', { name: 'Thôn Đông Hòa' })).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByText(/Máy đang giữ 0 mã biển dự trữ/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Tạo 3 biển và xem bản in' }));
    await waitFor(() => expect(currentPath()).toMatch(/^\/plaques\/print\//));
    expect(server.calls).toHaveLength(1);

    const plaques = await db.plaques.toArray();
    expect(plaques).toHaveLength(3);
    const codes = plaques.map((plaque) => plaque.code);
    expect(new Set(codes).size).toBe(3);
    for (const code of codes) expect(parsePlaqueCode(code)).toMatchObject({ ok: true, code, prefix: 'DH' });
    const households = await db.households.where('villageId').equals(VILLAGE_ID).toArray();
    expect(households.map((household) => household.plaqueCode).sort()).toEqual([...codes].sort());
    unmount();

    const { container } = await openPreview();
    expect(container.querySelectorAll('.plaque')).toHaveLength(3);
    expect(container.querySelectorAll('.plaque .plaque-qr svg')).toHaveLength(3);
    expect(sheetCodes(container).sort()).toEqual([...codes].sort());
    expect(screen.getByText('3 biển · 1 trang A4 · Thôn Đông Hòa')).toBeInTheDocument();
  });

  it('prints in walking order with the address line, and no names or phones on a plaque', async () => {
    render(<PlaquesScreen transport={reservingServer().transport} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo 3 biển và xem bản in' }));
    await waitFor(() => expect(currentPath()).toMatch(/^\/plaques\/print\//));
    const { container } = await openPreview();
    const plaques = [...container.querySelectorAll('.plaque')];
    // Same hamlet: no number first, then 3, then 12.
    expect(plaques.map((plaque) => plaque.querySelector('.plaque-address')?.textContent ?? '')).toEqual(['Xóm Đông', 'Số 3, Xóm Đông', 'Số 12, Xóm Đông']);
    for (const plaque of plaques) {
      expect(within(plaque as HTMLElement).getByText('Gõ Cửa')).toBeInTheDocument();
      expect(within(plaque as HTMLElement).getByText('Thôn Đông Hòa')).toBeInTheDocument();
    }
    expect(container.querySelector('.plaque-sheets')?.textContent).not.toMatch(/Nguyễn|Trần|Lê Văn|0912/);
  });

  it('opens the browser’s print dialog from "In"', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    render(<PlaquesScreen transport={reservingServer().transport} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo 3 biển và xem bản in' }));
    await openPreview();
    fireEvent.click(screen.getAllByRole('button', { name: /In$/ }).at(-1)!);
    expect(print).toHaveBeenCalledTimes(1);
  });
});

describe('PlaquesScreen: blank plaques', () => {
  it('creates a run of 5 blank, unassigned plaques and shows 5 QR codes', async () => {
    const { unmount } = render(<PlaquesScreen transport={reservingServer(7).transport} />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Biển trắng' }));
    fireEvent.change(screen.getByLabelText('Số biển trắng'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tạo 5 biển và xem bản in' }));
    await waitFor(() => expect(currentPath()).toMatch(/^\/plaques\/print\//));
    const plaques = await db.plaques.toArray();
    expect(plaques).toHaveLength(5);
    expect(plaques.every((plaque) => plaque.status === 'unassigned' && plaque.householdId === null)).toBe(true);
    expect(new Set(plaques.map((plaque) => plaque.code)).size).toBe(5);
    // The households keep having no plaque.
    expect((await db.households.toArray()).every((household) => household.plaqueCode === '')).toBe(true);
    unmount();

    const { container } = await openPreview();
    expect(container.querySelectorAll('.plaque .plaque-qr svg')).toHaveLength(5);
    expect(container.querySelectorAll('.plaque-address')).toHaveLength(0);
  });

  it('refuses a count outside 1–500', async () => {
    render(<PlaquesScreen transport={reservingServer().transport} />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Biển trắng' }));
    fireEvent.change(screen.getByLabelText('Số biển trắng'), { target: { value: '501' } });
    expect(screen.getByText('Hãy nhập một số từ 1 đến 500.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Tạo biển và xem bản in' })).toBeDisabled();
  });
});

describe('PlaquesScreen: offline', () => {
  it('without reserved numbers says to connect once, and creates nothing', async () => {
    render(<PlaquesScreen transport={offline} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo 3 biển và xem bản in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Máy không còn đủ mã biển dự trữ. Hãy kết nối mạng một lần để nhận thêm mã, rồi in lại.');
    expect(await db.plaques.count()).toBe(0);
    expect((await db.households.toArray()).every((household) => household.plaqueCode === '')).toBe(true);
    expect(currentPath()).toBe('/');
  });

  it('prints from the numbers reserved earlier, without asking the server', async () => {
    await ensurePlaqueNumbers(db, reservingServer(40).transport, 1);
    const before = await availablePlaqueNumbers(db);
    render(<PlaquesScreen transport={offline} />);
    expect(await screen.findByText(new RegExp(`Máy đang giữ ${before} mã biển dự trữ`))).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo 3 biển và xem bản in' }));
    await waitFor(() => expect(currentPath()).toMatch(/^\/plaques\/print\//));
    expect(await db.plaques.count()).toBe(3);
    expect(await availablePlaqueNumbers(db)).toBe(before - 3);
  });
});

describe('PlaquesScreen: printing a sheet again', () => {
  it('lists the last run and the unassigned plaques, and reprints the same codes', async () => {
    const server = reservingServer();
    const first = render(<PlaquesScreen transport={server.transport} />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Biển trắng' }));
    fireEvent.change(screen.getByLabelText('Số biển trắng'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tạo 4 biển và xem bản in' }));
    await waitFor(() => expect(currentPath()).toMatch(/^\/plaques\/print\//));
    first.unmount();
    const codes = (await db.plaques.toArray()).map((plaque) => plaque.code).sort();

    window.history.replaceState(null, '', '/plaques');
    render(<PlaquesScreen transport={server.transport} />);
    const runs = await screen.findByRole('list', { name: 'Các lần in gần đây' });
    expect(within(runs).getByRole('link', { name: /4 biển/ })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('link', { name: 'In lại 4 biển chưa gắn cho hộ' }));
    expect(window.location.search).toBe('?unassigned=1');
    const { container } = await openPreview();
    expect(sheetCodes(container).sort()).toEqual(codes);
    expect(await db.plaques.count()).toBe(4);
  });
});

describe('PlaquesScreen: members', () => {
  it('tells a member that only team leaders print plaques', async () => {
    await signInAs('member');
    render(<PlaquesScreen transport={reservingServer().transport} />);
    expect(await screen.findByText('Chỉ tổ trưởng in biển mã QR. Nếu hộ nào cần biển, hãy báo tổ trưởng.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Tạo/ })).not.toBeInTheDocument();
  });

  it('shows a member no print preview either', async () => {
    await signInAs('member');
    window.history.replaceState(null, '', `/plaques/print/${VILLAGE_ID}?unassigned=1`);
    render(<PrintScreen villageId={VILLAGE_ID} />);
    expect(await screen.findByText(/Chỉ tổ trưởng in biển mã QR/)).toBeInTheDocument();
  });
});
