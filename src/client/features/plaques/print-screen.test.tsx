import { render, screen, waitFor } from '@testing-library/react';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headedBy, registration, VILLAGE_ID } from '../../../../tests/support/fixtures';
import { openScreenDatabase } from '../../../../tests/support/screens';
import type { Plaque } from '../../../shared/plaque';
import { plaqueUrl, PLAQUE_QR_OPTIONS } from '../../../shared/plaque-code';
import type { Transport } from '../../data/api';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { createPlaques, ensurePlaqueNumbers, replacePlaque } from '../../data/plaques';
import { printPath, selectionOf, type PrintSelection } from './print-selection';
import { PrintScreen } from './print-screen';

const NOW = new Date().toISOString();
let db: GoCuaDatabase;

const server: Transport = async (_method, _path, body) => ({ status: 200, body: { first: 1, count: (body as { count: number }).count } });

beforeEach(async () => {
  db = await openScreenDatabase();
  await db.villages.put({ id: VILLAGE_ID, version: 1, createdAt: NOW, updatedAt: NOW, updatedBy: 'x', name: 'Thôn Đông Hòa', communeName: 'Xã An', provinceName: '', legacyDistrict: '' });
  await db.meta.put({
    key: 'session',
    value: { token: 't', expiresAt: '2099-01-01T00:00:00.000Z', user: { id: 'u1', username: 'lan', displayName: 'Lan', role: 'leader', communeId: 'c1' }, commune: null, team: {}, expired: false },
  });
  await ensurePlaqueNumbers(db, server, 10);
});

afterEach(() => {
  db.close();
});

async function preview(selection: PrintSelection) {
  window.history.replaceState(null, '', printPath(VILLAGE_ID, selection));
  return render(<PrintScreen villageId={VILLAGE_ID} />);
}

function runOf(plaque: Plaque): PrintSelection {
  return { kind: 'run', createdAt: plaque.createdAt, printedBy: plaque.printedBy };
}

describe('print selection in the URL', () => {
  it('reads back every kind of selection it writes', () => {
    const selections: PrintSelection[] = [
      { kind: 'run', createdAt: '2026-01-02T03:04:05.678Z', printedBy: '0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b' },
      { kind: 'code', code: 'DH-0012-K' },
      { kind: 'unassigned' },
    ];
    for (const selection of selections) expect(selectionOf(printPath(VILLAGE_ID, selection))).toEqual(selection);
    expect(selectionOf(`/plaques/print/${VILLAGE_ID}`)).toBeNull();
  });
});

describe('PrintScreen', () => {
  it('shows the run named in its URL, 8 plaques to an A4 page', async () => {
    const plaques = await createPlaques(db, { villageId: VILLAGE_ID, blankCount: 9 });
    const { container } = await preview(runOf(plaques[0]!));
    await waitFor(() => expect(container.querySelectorAll('.plaque-qr svg')).toHaveLength(9));
    const sheets = container.querySelectorAll('.plaque-sheet');
    expect(sheets).toHaveLength(2);
    expect(sheets[0]!.querySelectorAll('.plaque')).toHaveLength(8);
    expect(sheets[1]).toHaveAccessibleName('Trang 2/2');
    expect(screen.getByText('9 biển · 2 trang A4 · Thôn Đông Hòa')).toBeInTheDocument();
  });

  it('puts the plaque’s URL in its QR, as an inline SVG', async () => {
    const [plaque] = await createPlaques(db, { villageId: VILLAGE_ID, blankCount: 1 });
    const { container } = await preview({ kind: 'code', code: plaque!.code });
    await waitFor(() => expect(container.querySelector('.plaque-qr svg')).not.toBeNull());
    expect(container.querySelector('.plaque-qr svg')?.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
    // The same modules as the QR of the plaque's URL on this origin.
    const expected = await QRCode.toString(plaqueUrl(window.location.origin, plaque!.code), { type: 'svg', ...PLAQUE_QR_OPTIONS, margin: 2 });
    const shown = [...container.querySelectorAll('.plaque-qr svg path')].map((path) => path.getAttribute('d'));
    expect(shown).toHaveLength(2);
    expect(shown).toEqual([...expected.matchAll(/ d="([^"]+)"/g)].map((match) => match[1]));
    expect(screen.getByRole('img', { name: `Mã QR của biển ${plaque!.code}` })).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('leaves out a plaque of the run that was replaced since, and says so', async () => {
    const household = await registerHousehold(db, registration({ household: headedBy('Nguyễn Văn An') }));
    const run = await createPlaques(db, { villageId: VILLAGE_ID, householdIds: [household.id], blankCount: 2 });
    const replacement = await replacePlaque(db, household.id, 'damaged');
    const { container } = await preview(runOf(run[0]!));
    await waitFor(() => expect(container.querySelectorAll('.plaque-qr svg')).toHaveLength(2));
    expect(screen.getByText('1 biển của lần in này đã được thay nên không in lại.')).toBeInTheDocument();
    expect(container.textContent).not.toContain(run[0]!.code);
    expect(container.textContent).not.toContain(replacement.code);
  });

  it('prints a replacement plaque alone, with its address', async () => {
    const household = await registerHousehold(db, registration({ household: headedBy('Nguyễn Văn An') }));
    await createPlaques(db, { villageId: VILLAGE_ID, householdIds: [household.id] });
    const replacement = await replacePlaque(db, household.id, 'lost');
    const { container } = await preview({ kind: 'code', code: replacement.code });
    await waitFor(() => expect(container.querySelectorAll('.plaque')).toHaveLength(1));
    expect(container.querySelector('.plaque-code')).toHaveTextContent(replacement.code);
    expect(container.querySelector('.plaque-address')).toHaveTextContent('Số 12, Xóm Đông');
  });

  it('says when there is nothing to print', async () => {
    await preview({ kind: 'unassigned' });
    expect(await screen.findByText('Không có biển nào để in ở đây.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /In$/ })).toBeDisabled();
  });
});
