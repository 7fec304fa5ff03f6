import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymousInput, bornYearsAgo, member, registration } from '../../../../tests/support/fixtures';
import { currentPath, openScreenDatabase } from '../../../../tests/support/screens';
import type { Household } from '../../../shared/household';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { recordVisit } from '../../data/visits';
import { HouseholdScreen } from './household-screen';

const INTERNET = 'Hộ sử dụng Internet (cáp quang/3G/4G/5G)';

let db: GoCuaDatabase;
let household: Household;

beforeEach(async () => {
  db = await openScreenDatabase();
  household = await registerHousehold(db, registration({ members: [member({ fullName: 'Lê Thị Hoa', birthYear: bornYearsAgo(38) })] }));
});

afterEach(() => {
  db.close();
});

describe('HouseholdScreen', () => {
  it('shows the head, the address, the phone and who gave consent', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Nguyễn Văn An' })).toBeInTheDocument();
    expect(screen.getByText('Số 12, Xóm Đông')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /0912 345 678/ })).toHaveAttribute('href', 'tel:0912345678');
    expect(screen.getByText(/^Nguyễn Văn An đồng ý lúc .*\(ghi nhận: Chị Lan\)$/)).toBeInTheDocument();
  });

  it('lists the members with their own checklists', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    expect(await screen.findByRole('heading', { name: 'Thành viên (2)' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Danh mục của Lê Thị Hoa' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Danh mục của Nguyễn Văn An' })).toBeInTheDocument();
  });

  it('marks a household item done in one tap "Đạt", and keeps it', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    const householdList = await screen.findByRole('list', { name: 'Của cả hộ' });
    fireEvent.click(within(householdList).getByRole('button', { name: `Đạt: ${INTERNET}` }));
    await waitFor(() => expect(within(householdList).queryByRole('button', { name: `Đạt: ${INTERNET}` })).not.toBeInTheDocument());
    const stored = await db.households.get(household.id);
    expect(stored?.items['hh.internet']).toMatchObject({ value: 'done' });
    expect(within(householdList).getByText(INTERNET).closest('button')).toHaveTextContent('Đạt');
  });

  it('marks a member’s item done on that member only', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    const hoa = await screen.findByRole('list', { name: 'Danh mục của Lê Thị Hoa' });
    fireEvent.click(within(hoa).getByRole('button', { name: 'Đạt: Có điện thoại thông minh' }));
    await waitFor(async () => {
      const persons = await db.persons.toArray();
      expect(persons.find((person) => person.fullName === 'Lê Thị Hoa')?.items['p.smartphone']?.value).toBe('done');
      expect(persons.find((person) => person.relation === 'head')?.items['p.smartphone']).toBeUndefined();
    });
  });

  it('updates the gap count after a tap', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    // 4 household items + 8 for each of the two adults.
    expect(await screen.findByRole('heading', { name: 'Còn 20 mục chưa đạt' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: `Đạt: ${INTERNET}` }));
    expect(await screen.findByRole('heading', { name: 'Còn 19 mục chưa đạt' })).toBeInTheDocument();
  });

  it('shows the visit history', async () => {
    await recordVisit(db, household.id, { outcome: 'come_back', notes: 'Hẹn chiều thứ bảy', nextVisitOn: '2099-01-15', changes: [] });
    render(<HouseholdScreen householdId={household.id} />);
    const history = await screen.findByRole('region', { name: 'Lịch sử thăm' });
    expect(within(history).getByText('Hẹn quay lại')).toBeInTheDocument();
    expect(within(history).getByText('Người thăm: Chị Lan')).toBeInTheDocument();
    expect(within(history).getByText('Hẹn chiều thứ bảy')).toBeInTheDocument();
  });

  it('names an anonymous household without any name', async () => {
    const anonymous = await registerHousehold(db, registration({ household: anonymousInput() }));
    render(<HouseholdScreen householdId={anonymous.id} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Hộ ẩn danh (không đồng ý lưu tên)' })).toBeInTheDocument();
    expect(screen.getByText('Không đồng ý lưu tên — hộ ẩn danh')).toBeInTheDocument();
  });

  it('says so when the household is not on the phone', async () => {
    render(<HouseholdScreen householdId={crypto.randomUUID()} />);
    expect(await screen.findByText('Không tìm thấy hộ này trên máy. Có thể hộ đã bị xoá.')).toBeInTheDocument();
  });
});

describe('HouseholdScreen: erasing', () => {
  it('asks for confirmation first, and erases nothing on cancel', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Xoá toàn bộ dữ liệu của hộ' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('Xoá dữ liệu của hộ này?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Huỷ' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(await db.households.get(household.id)).toBeDefined();
  });

  it('erases the household and its members once confirmed, and goes back to the list', async () => {
    render(<HouseholdScreen householdId={household.id} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Xoá toàn bộ dữ liệu của hộ' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Xoá vĩnh viễn' }));
    await waitFor(() => expect(currentPath()).toBe('/'));
    expect(await db.households.get(household.id)).toBeUndefined();
    expect(await db.persons.where('householdId').equals(household.id).count()).toBe(0);
  });
});
