import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headedBy, OTHER_VILLAGE_ID, registration, VILLAGE_ID } from '../../../../tests/support/fixtures';
import { currentPath, openScreenDatabase } from '../../../../tests/support/screens';
import { formatPlaqueCode } from '../../../shared/plaque-code';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { assignPlaque, createPlaques, replacePlaque } from '../../data/plaques';
import { PlaqueScreen } from './plaque-screen';

let db: GoCuaDatabase;
const NOW = new Date().toISOString();

beforeEach(async () => {
  db = await openScreenDatabase();
  await db.villages.bulkPut([
    { id: VILLAGE_ID, version: 1, createdAt: NOW, updatedAt: NOW, updatedBy: 'x', name: 'Thôn Đông Hòa', communeName: 'Xã An', provinceName: '', legacyDistrict: '' },
    { id: OTHER_VILLAGE_ID, version: 1, createdAt: NOW, updatedAt: NOW, updatedBy: 'x', name: 'Thôn Bắc', communeName: 'Xã An', provinceName: '', legacyDistrict: '' },
  ]);
  // Plaque numbers this phone may print, as if reserved from the server earlier.
  await db.meta.put({ key: 'plaqueNumbers', value: [{ next: 100, end: 200 }] });
});

afterEach(() => {
  db.close();
});

/** The app at /p/<code>, as the QR or the scan screen opens it. */
function openPlaque(code: string) {
  window.history.replaceState(null, '', `/p/${code}`);
  render(<PlaqueScreen code={code} />);
}

async function blankPlaque(villageId = VILLAGE_ID): Promise<string> {
  const [plaque] = await createPlaques(db, { villageId, blankCount: 1 });
  return plaque!.code;
}

describe('PlaqueScreen', () => {
  it('opens the household of a known plaque in the working village at once, replacing the plaque page', async () => {
    const household = await registerHousehold(db, registration());
    const code = await blankPlaque();
    await assignPlaque(db, code, household.id);
    window.history.replaceState({ depth: 3 }, '', '/scan');
    window.history.pushState({ depth: 4 }, '', `/p/${code}`);
    render(<PlaqueScreen code={code} />);
    await waitFor(() => expect(currentPath()).toBe(`/h/${household.id}`));
    expect((window.history.state as { depth: number }).depth).toBe(4);
  });

  it('reads a code typed in the address bar in lower case', async () => {
    const household = await registerHousehold(db, registration());
    const code = await blankPlaque();
    await assignPlaque(db, code, household.id);
    openPlaque(code.toLowerCase());
    await waitFor(() => expect(currentPath()).toBe(`/h/${household.id}`));
  });

  it('warns before opening a household of another village', async () => {
    const household = await registerHousehold(db, registration({ household: headedBy('Lò Văn Páo', { villageId: OTHER_VILLAGE_ID }) }));
    const code = await blankPlaque(OTHER_VILLAGE_ID);
    await assignPlaque(db, code, household.id);
    openPlaque(code);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      `Biển ${code} thuộc một hộ ở Thôn Bắc, không phải thôn bạn đang làm việc.`,
    );
    expect(currentPath()).toBe(`/p/${code}`);
    fireEvent.click(screen.getByRole('button', { name: 'Mở hộ này' }));
    expect(currentPath()).toBe(`/h/${household.id}`);
  });

  it('lets the member scan again instead of opening the other village’s household', async () => {
    const household = await registerHousehold(db, registration({ household: headedBy('Lò Văn Páo', { villageId: OTHER_VILLAGE_ID }) }));
    const code = await blankPlaque(OTHER_VILLAGE_ID);
    await assignPlaque(db, code, household.id);
    openPlaque(code);
    fireEvent.click(await screen.findByRole('button', { name: 'Quét lại' }));
    expect(currentPath()).toBe('/scan');
  });

  it('offers to register a new household with a printed plaque that is on no gate yet', async () => {
    const code = await blankPlaque();
    openPlaque(code);
    expect(await screen.findByText(`Biển ${code} chưa gắn cho hộ nào.`)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /Đăng ký hộ mới với biển này/ }));
    expect(currentPath()).toBe('/h/new');
    expect(window.location.search).toBe(`?plaque=${code}`);
  });

  it('says which village an unassigned plaque was printed for when it is another one', async () => {
    const code = await blankPlaque(OTHER_VILLAGE_ID);
    openPlaque(code);
    expect(await screen.findByText('Biển này được in cho Thôn Bắc.')).toBeInTheDocument();
  });

  it('offers registration for a valid code this phone has never seen (printed on a phone not synced yet)', async () => {
    const code = formatPlaqueCode({ prefix: 'DH', number: 987654 });
    openPlaque(code);
    expect(await screen.findByText(`Biển ${code} chưa gắn cho hộ nào.`)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Đăng ký hộ mới với biển này/ })).toBeInTheDocument();
  });

  it('shows a retired plaque’s household and its new code, and opens that household', async () => {
    const household = await registerHousehold(db, registration({ household: headedBy('Đinh Văn Lực', { houseNumber: '7', hamlet: 'Xóm Trại' }) }));
    const oldCode = await blankPlaque();
    await assignPlaque(db, oldCode, household.id);
    const { code: newCode } = await replacePlaque(db, household.id, 'lost');
    openPlaque(oldCode);
    expect(await screen.findByRole('alert')).toHaveTextContent(`Biển ${oldCode} đã được thay bằng biển ${newCode}.`);
    expect(await screen.findByText('Đinh Văn Lực — Số 7, Xóm Trại')).toBeInTheDocument();
    expect(screen.getByText(`Biển đang dùng của hộ: ${newCode}. Nếu biển cũ còn trên cổng, hãy tháo xuống.`)).toBeInTheDocument();
    expect(currentPath()).toBe(`/p/${oldCode}`);
    fireEvent.click(screen.getByRole('button', { name: 'Mở hộ này' }));
    expect(currentPath()).toBe(`/h/${household.id}`);
  });

  it('refuses a mistyped code with a clear error and a way back to scanning', async () => {
    const code = formatPlaqueCode({ prefix: 'DH', number: 1234 }); // DH-1234-4
    openPlaque(code.replace('1234', '1243'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Đường dẫn này không chứa mã biển hợp lệ (“DH-1243-4”). Mã bị gõ sai (ký tự kiểm tra không khớp)',
    );
    expect(screen.getByRole('link', { name: 'Quét lại' })).toHaveAttribute('href', '/scan');
    expect(currentPath()).toBe('/p/DH-1243-4');
  });

  it('shows only the start of a long junk link', async () => {
    openPlaque('x'.repeat(200));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent!.length).toBeLessThan(200);
    expect(alert).toHaveTextContent(`(“${'x'.repeat(29)}…”)`);
  });
});
