import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymousInput, headedBy, registration } from '../../../../tests/support/fixtures';
import { openScreenDatabase } from '../../../../tests/support/screens';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { recordVisit } from '../../data/visits';
import { HouseholdListScreen } from './household-list-screen';
import { PAGE_SIZE, useListState } from './list-state';

let db: GoCuaDatabase;

beforeEach(async () => {
  useListState.setState({ query: '', filter: 'all', shown: PAGE_SIZE });
  db = await openScreenDatabase();
});

afterEach(() => {
  db.close();
});

async function seedThreeHouseholds() {
  const an = await registerHousehold(db, registration());
  const dang = await registerHousehold(
    db,
    registration({ household: headedBy('Đặng Thị Hương', { houseNumber: '2', phone: '0388111222' }) }),
  );
  const anonymous = await registerHousehold(db, registration({ household: anonymousInput({ houseNumber: '30' }) }));
  return { an, dang, anonymous };
}

/** The titles of the rows shown, top to bottom. */
async function shownTitles(): Promise<string[]> {
  const list = await screen.findByRole('list');
  return within(list)
    .getAllByRole('link')
    .map((link) => link.querySelector('.title')?.textContent ?? '');
}

function search(text: string) {
  fireEvent.change(screen.getByRole('searchbox', { name: 'Tìm hộ' }), { target: { value: text } });
}

describe('HouseholdListScreen', () => {
  it('lists the village’s households in address order, house 2 before house 12', async () => {
    await seedThreeHouseholds();
    render(<HouseholdListScreen />);
    expect(await shownTitles()).toEqual(['Đặng Thị Hương', 'Nguyễn Văn An', 'Hộ ẩn danh (không đồng ý lưu tên)']);
    expect(screen.getByText('3 hộ')).toBeInTheDocument();
  });

  it('links each row to its household', async () => {
    const { an } = await seedThreeHouseholds();
    render(<HouseholdListScreen />);
    const row = await screen.findByRole('link', { name: /Nguyễn Văn An/ });
    expect(row).toHaveAttribute('href', `/h/${an.id}`);
  });

  it('narrows the rows as the member types, ignoring accents', async () => {
    await seedThreeHouseholds();
    render(<HouseholdListScreen />);
    await screen.findByText('Nguyễn Văn An');
    search('dang');
    await screen.findByText('1 hộ');
    expect(await shownTitles()).toEqual(['Đặng Thị Hương']);
    search('nguyen van a');
    await screen.findByText('Nguyễn Văn An');
    expect(await shownTitles()).toEqual(['Nguyễn Văn An']);
    search('');
    await screen.findByText('3 hộ');
  });

  it('finds a household by the last digits of its phone', async () => {
    await seedThreeHouseholds();
    render(<HouseholdListScreen />);
    await screen.findByText('3 hộ');
    search('1222');
    await screen.findByText('1 hộ');
    expect(await shownTitles()).toEqual(['Đặng Thị Hương']);
  });

  it('says nothing matched, with a hint, when the search finds nothing', async () => {
    await seedThreeHouseholds();
    render(<HouseholdListScreen />);
    await screen.findByText('3 hộ');
    search('phạm');
    expect(await screen.findByText('Không tìm thấy hộ nào. Thử bỏ dấu hoặc gõ ít chữ hơn.')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('invites the member to register the first household of an empty village', async () => {
    render(<HouseholdListScreen />);
    expect(await screen.findByText(/Thôn này chưa có hộ nào trên máy/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '+ Đăng ký hộ mới' })).toBeInTheDocument();
  });

  it('filters to households not yet visited, and back to all', async () => {
    const { an } = await seedThreeHouseholds();
    await recordVisit(db, an.id, { outcome: 'helped', notes: '', nextVisitOn: null, changes: [] });
    render(<HouseholdListScreen />);
    await screen.findByText('3 hộ');
    const chip = screen.getByRole('button', { name: 'Chưa thăm' });
    expect(chip).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(chip);
    expect(chip).toHaveAttribute('aria-pressed', 'true');
    await screen.findByText('2 hộ');
    expect(await shownTitles()).not.toContain('Nguyễn Văn An');
    fireEvent.click(screen.getByRole('button', { name: 'Tất cả' }));
    await screen.findByText('3 hộ');
  });

  it('filters to households to come back to, with the date on the row', async () => {
    const { dang } = await seedThreeHouseholds();
    await recordVisit(db, dang.id, { outcome: 'come_back', notes: '', nextVisitOn: '2099-01-15', changes: [] });
    render(<HouseholdListScreen />);
    await screen.findByText('3 hộ');
    fireEvent.click(screen.getByRole('button', { name: 'Hẹn quay lại' }));
    await screen.findByText('1 hộ');
    expect(await shownTitles()).toEqual(['Đặng Thị Hương']);
    expect(screen.getByText(/^Hẹn .*2099/)).toBeInTheDocument();
  });

  it('shows a whole page of new matches once a keystroke settles, in address order, and keeps rows already on screen', async () => {
    // Houses 1–35 are Nguyễn, 36–50 Trần: the first page is Nguyễn only, so "tran" brings nothing but new rows.
    for (let house = 1; house <= 50; house++) {
      const name = house <= 35 ? `Nguyễn Văn Số ${house}` : `Trần Thị Số ${house}`;
      await registerHousehold(db, registration({ household: headedBy(name, { houseNumber: String(house), phone: '' }) }));
    }
    render(<HouseholdListScreen />);
    await screen.findByText('50 hộ');
    const page = Array.from({ length: PAGE_SIZE }, (_, i) => `Nguyễn Văn Số ${i + 1}`);
    await waitFor(async () => expect(await shownTitles()).toEqual(page));

    search('tran');
    await screen.findByText('15 hộ');
    await waitFor(async () => expect(await shownTitles()).toEqual(Array.from({ length: 15 }, (_, i) => `Trần Thị Số ${i + 36}`)));

    search('');
    await screen.findByText('50 hộ');
    await waitFor(async () => expect(await shownTitles()).toEqual(page));
    expect(screen.getByRole('button', { name: 'Xem thêm' })).toBeInTheDocument();

    // A key that changes no match (a trailing space) leaves the rows on screen as they are: the same elements.
    const rowLinks = () => within(screen.getByRole('list')).getAllByRole('link');
    const lastRow = rowLinks().at(-1);
    search('nguyen ');
    await screen.findByText('35 hộ');
    await waitFor(async () => expect(await shownTitles()).toEqual(page));
    expect(rowLinks().at(-1)).toBe(lastRow);
  });

  it('shows only the households of the working village', async () => {
    await seedThreeHouseholds();
    const elsewhere = headedBy('Vũ Văn Nam', { villageId: crypto.randomUUID() });
    await registerHousehold(db, registration({ household: elsewhere }));
    render(<HouseholdListScreen />);
    await screen.findByText('3 hộ');
    expect(screen.queryByText('Vũ Văn Nam')).not.toBeInTheDocument();
  });
});
