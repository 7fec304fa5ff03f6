import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registration } from '../../../../tests/support/fixtures';
import { openScreenDatabase } from '../../../../tests/support/screens';
import type { Household } from '../../../shared/household';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { useVisitDrafts } from './visit-draft';
import { VisitScreen } from './visit-screen';

const INTERNET = 'Hộ sử dụng Internet (cáp quang/3G/4G/5G)';

let db: GoCuaDatabase;
let household: Household;

beforeEach(async () => {
  useVisitDrafts.setState({ drafts: {} });
  db = await openScreenDatabase();
  household = await registerHousehold(db, registration());
});

afterEach(() => {
  db.close();
});

async function openVisit() {
  const view = render(<VisitScreen householdId={household.id} />);
  await screen.findByText('Nguyễn Văn An');
  return view;
}

const save = () => fireEvent.click(screen.getByRole('button', { name: /^Lưu lần thăm/ }));

describe('VisitScreen', () => {
  it('offers the four outcomes, none chosen, and asks for one before saving', async () => {
    await openVisit();
    const outcomes = ['Đã gặp và hỗ trợ', 'Không có ai ở nhà', 'Hộ từ chối', 'Hẹn quay lại'];
    for (const outcome of outcomes) expect(screen.getByRole('radio', { name: outcome })).toHaveAttribute('aria-checked', 'false');
    save();
    expect(await screen.findByRole('alert')).toHaveTextContent('Vui lòng chọn kết quả lần thăm.');
    expect(await db.visits.count()).toBe(0);
  });

  it('saves a visit with the checklist changes made during it', async () => {
    await openVisit();
    fireEvent.click(screen.getByRole('radio', { name: 'Đã gặp và hỗ trợ' }));
    const householdItems = await screen.findByRole('list', { name: 'Của cả hộ' });
    fireEvent.click(within(householdItems).getByRole('button', { name: `Đạt: ${INTERNET}` }));
    const headItems = screen.getByRole('list', { name: 'Danh mục của Nguyễn Văn An' });
    fireEvent.click(within(headItems).getByRole('button', { name: /^Tài khoản định danh điện tử VNeID/ }));
    fireEvent.click(within(headItems).getByRole('radio', { name: 'Mức 1' }));
    expect(screen.getAllByText('Đã đổi')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Ghi chú lần thăm'), { target: { value: 'Đã cài VNeID' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu lần thăm (2 thay đổi)' }));

    await waitFor(async () => expect(await db.visits.count()).toBe(1));
    const [visit] = await db.visits.toArray();
    const head = (await db.persons.toArray())[0]!;
    expect(visit).toMatchObject({ outcome: 'helped', notes: 'Đã cài VNeID', nextVisitOn: null, memberName: 'Chị Lan' });
    expect(visit!.changes).toEqual([
      { personId: null, itemId: 'hh.internet', from: 'unknown', to: 'done' },
      { personId: head.id, itemId: 'p.vneid', from: 'unknown', to: 'level1' },
    ]);
    expect((await db.households.get(household.id))?.items['hh.internet']?.value).toBe('done');
    expect(useVisitDrafts.getState().drafts[household.id]).toBeUndefined();
  });

  it('forgets a change set back to what it was', async () => {
    await openVisit();
    fireEvent.click(screen.getByRole('radio', { name: 'Đã gặp và hỗ trợ' }));
    const householdItems = await screen.findByRole('list', { name: 'Của cả hộ' });
    fireEvent.click(within(householdItems).getByRole('button', { name: `Đạt: ${INTERNET}` }));
    expect(screen.getByRole('button', { name: 'Lưu lần thăm (1 thay đổi)' })).toBeInTheDocument();
    fireEvent.click(within(householdItems).getByText(INTERNET).closest('button')!);
    fireEvent.click(within(householdItems).getByRole('radio', { name: 'Chưa kiểm tra' }));
    expect(screen.getByRole('button', { name: 'Lưu lần thăm' })).toBeInTheDocument();
    expect(screen.queryByText('Đã đổi')).not.toBeInTheDocument();
  });

  it('requires a date for "come back later", next to the date field, and saves nothing without it', async () => {
    await openVisit();
    fireEvent.click(screen.getByRole('radio', { name: 'Hẹn quay lại' }));
    const date = screen.getByLabelText('Ngày hẹn quay lại (bắt buộc)');
    save();
    await waitFor(() => expect(date).toHaveAccessibleDescription('Vui lòng chọn ngày hẹn quay lại.'));
    expect(await db.visits.count()).toBe(0);

    fireEvent.change(date, { target: { value: '2099-01-15' } });
    save();
    await waitFor(async () => expect(await db.visits.count()).toBe(1));
    expect((await db.visits.toArray())[0]).toMatchObject({ outcome: 'come_back', nextVisitOn: '2099-01-15' });
  });

  it('keeps the draft, also in localStorage, when the screen is closed and opened again', async () => {
    const first = await openVisit();
    fireEvent.click(screen.getByRole('radio', { name: 'Không có ai ở nhà' }));
    fireEvent.change(screen.getByLabelText('Ghi chú lần thăm'), { target: { value: 'Nhà đóng cửa' } });
    first.unmount();
    expect(localStorage.getItem('go-cua.visit-drafts')).toContain('Nhà đóng cửa');
    await openVisit();
    expect(screen.getByRole('radio', { name: 'Không có ai ở nhà' })).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByLabelText('Ghi chú lần thăm')).toHaveValue('Nhà đóng cửa');
  });

  it('discards the draft on request', async () => {
    await openVisit();
    fireEvent.click(screen.getByRole('radio', { name: 'Hộ từ chối' }));
    fireEvent.click(screen.getByRole('button', { name: 'Bỏ bản nháp này' }));
    expect(screen.getByRole('radio', { name: 'Hộ từ chối' })).toHaveAttribute('aria-checked', 'false');
    expect(useVisitDrafts.getState().drafts[household.id]).toBeUndefined();
  });
});
