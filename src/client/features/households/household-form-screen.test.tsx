import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registration, VILLAGE_ID } from '../../../../tests/support/fixtures';
import { currentPath, openScreenDatabase } from '../../../../tests/support/screens';
import { formatPlaqueCode } from '../../../shared/plaque-code';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { assignPlaque, createPlaques } from '../../data/plaques';
import { HouseholdFormScreen } from './household-form-screen';

let db: GoCuaDatabase;

beforeEach(async () => {
  db = await openScreenDatabase();
});

afterEach(() => {
  db.close();
});

const type = (field: HTMLElement, value: string) => fireEvent.change(field, { target: { value } });

async function agreeAndContinue(givenBy = 'Nguyễn Văn An') {
  render(<HouseholdFormScreen />);
  fireEvent.click(await screen.findByRole('radio', { name: 'Hộ đồng ý' }));
  type(screen.getByLabelText('Người đồng ý'), givenBy);
  fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
  return within(await screen.findByRole('region', { name: 'Thông tin hộ' }));
}

describe('HouseholdFormScreen: consent first', () => {
  it('asks for consent before anything else, with neither answer ticked', async () => {
    render(<HouseholdFormScreen />);
    const choices = screen.getAllByRole('radio');
    expect(choices.map((choice) => choice.textContent)).toEqual(['Hộ đồng ý', 'Hộ không đồng ý — chỉ ghi nhận ẩn danh']);
    expect(choices.every((choice) => choice.getAttribute('aria-checked') === 'false')).toBe(true);
    expect(screen.queryByLabelText('Họ tên chủ hộ')).not.toBeInTheDocument();
    expect(screen.getByText(/Chúng tôi lưu: họ tên, năm sinh/)).toBeInTheDocument();
  });

  it('does not go on until the household has answered', async () => {
    render(<HouseholdFormScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Vui lòng chọn hộ có đồng ý hay không.');
    expect(screen.queryByRole('region', { name: 'Thông tin hộ' })).not.toBeInTheDocument();
  });

  it('asks who agreed before going on', async () => {
    render(<HouseholdFormScreen />);
    fireEvent.click(screen.getByRole('radio', { name: 'Hộ đồng ý' }));
    fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(await screen.findByText('Vui lòng ghi tên người đã đồng ý.')).toBeInTheDocument();
    expect(screen.getByLabelText('Người đồng ý')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('region', { name: 'Thông tin hộ' })).not.toBeInTheDocument();
  });

  it('hides the name and phone fields when the household declines, and registers it anonymously', async () => {
    render(<HouseholdFormScreen />);
    fireEvent.click(screen.getByRole('radio', { name: 'Hộ không đồng ý — chỉ ghi nhận ẩn danh' }));
    expect(screen.getByText(/Sẽ không lưu tên và số điện thoại/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    const fields = await screen.findByRole('region', { name: 'Thông tin hộ' });
    expect(within(fields).queryByLabelText('Họ tên chủ hộ')).not.toBeInTheDocument();
    expect(within(fields).queryByLabelText('Số điện thoại')).not.toBeInTheDocument();
    type(within(fields).getByLabelText('Số nhà'), '30');
    fireEvent.click(screen.getByRole('button', { name: '+ Thêm thành viên' }));
    expect(within(screen.getByRole('group', { name: 'Người thứ 2' })).queryByLabelText('Họ và tên')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(currentPath()).toMatch(/^\/h\//));
    const [household] = await db.households.toArray();
    expect(household).toMatchObject({ headName: '', phone: '', houseNumber: '30', consent: { status: 'declined' } });
    expect(await db.persons.count()).toBe(2);
  });
});

describe('HouseholdFormScreen: details', () => {
  it('shows the Vietnamese phone error next to the field and keeps what was typed', async () => {
    const details = await agreeAndContinue();
    type(details.getByLabelText('Họ tên chủ hộ'), 'Nguyễn Văn An');
    const phone = details.getByLabelText('Số điện thoại');
    type(phone, '0212 345 678');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(phone).toHaveAttribute('aria-invalid', 'true'));
    expect(phone).toHaveAccessibleDescription('Số di động phải bắt đầu bằng 03, 05, 07, 08 hoặc 09.');
    expect(phone).toHaveValue('0212 345 678');
    expect(details.getByLabelText('Họ tên chủ hộ')).toHaveValue('Nguyễn Văn An');
    expect(await db.households.count()).toBe(0);
    expect(currentPath()).toBe('/');
  });

  it('requires the head’s name when the household agreed', async () => {
    const details = await agreeAndContinue();
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    const headName = details.getByLabelText('Họ tên chủ hộ');
    await waitFor(() => expect(headName).toHaveAccessibleDescription('Vui lòng nhập mục này.'));
  });

  it('registers the household with its members and opens it', async () => {
    const details = await agreeAndContinue();
    type(details.getByLabelText('Số nhà'), '12');
    type(details.getByLabelText('Họ tên chủ hộ'), 'Nguyễn Văn An');
    type(details.getByLabelText('Năm sinh chủ hộ'), '1980');
    type(details.getByLabelText('Số điện thoại'), '+84 912 345 678');
    fireEvent.click(details.getByRole('radio', { name: 'Có' }));
    fireEvent.click(screen.getByRole('button', { name: '+ Thêm thành viên' }));
    const second = screen.getByRole('group', { name: 'Người thứ 2' });
    type(within(second).getByLabelText('Họ và tên'), 'Lê Thị Hoa');
    type(within(second).getByLabelText('Năm sinh'), '1982');
    fireEvent.change(within(second).getByLabelText('Quan hệ với chủ hộ'), { target: { value: 'spouse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));

    await waitFor(() => expect(currentPath()).toMatch(/^\/h\/[0-9a-f-]{36}$/));
    const [household] = await db.households.toArray();
    expect(currentPath()).toBe(`/h/${household!.id}`);
    expect(household).toMatchObject({
      headName: 'Nguyễn Văn An',
      houseNumber: '12',
      phone: '0912345678',
      consent: { status: 'given', givenBy: 'Nguyễn Văn An', recordedByName: 'Chị Lan' },
    });
    expect(household!.items['hh.business']?.value).toBe('yes');
    const persons = await db.persons.toArray();
    expect(persons.map((person) => [person.relation, person.fullName, person.birthYear]).sort()).toEqual([
      ['head', 'Nguyễn Văn An', 1980],
      ['spouse', 'Lê Thị Hoa', 1982],
    ]);
  });

  it('requires a name for each added member when the household agreed', async () => {
    const details = await agreeAndContinue();
    type(details.getByLabelText('Họ tên chủ hộ'), 'Nguyễn Văn An');
    fireEvent.click(screen.getByRole('button', { name: '+ Thêm thành viên' }));
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    const second = screen.getByRole('group', { name: 'Người thứ 2' });
    await waitFor(() => expect(within(second).getByLabelText('Họ và tên')).toHaveAccessibleDescription('Vui lòng nhập mục này.'));
    expect(await db.households.count()).toBe(0);
  });
});

describe('HouseholdFormScreen: editing', () => {
  it('opens on the details with the stored values, and saves a change', async () => {
    const household = await registerHousehold(db, registration());
    render(<HouseholdFormScreen householdId={household.id} />);
    const houseNumber = await screen.findByDisplayValue('12');
    expect(screen.getByRole('radio', { name: 'Hộ đồng ý' })).toHaveAttribute('aria-checked', 'true');
    type(houseNumber, '14');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(async () => expect((await db.households.get(household.id))?.houseNumber).toBe('14'));
  });
});

describe('HouseholdFormScreen: registering with a scanned plaque', () => {
  const NOW = new Date().toISOString();

  /** A plaque printed for the working village, on no gate yet. */
  async function blankPlaque(): Promise<string> {
    await db.villages.put({ id: VILLAGE_ID, version: 1, createdAt: NOW, updatedAt: NOW, updatedBy: 'x', name: 'Thôn Đông Hòa', communeName: '', provinceName: '', legacyDistrict: '' });
    await db.meta.put({ key: 'plaqueNumbers', value: [{ next: 500, end: 510 }] });
    const [plaque] = await createPlaques(db, { villageId: VILLAGE_ID, blankCount: 1 });
    return plaque!.code;
  }

  /** Opens the registration at `path` and walks the consent step. */
  async function openAt(path: string) {
    window.history.replaceState(null, '', path);
    return agreeAndContinue();
  }

  async function saveWithHead(details: Awaited<ReturnType<typeof agreeAndContinue>>) {
    type(details.getByLabelText('Họ tên chủ hộ'), 'Nguyễn Văn An');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(currentPath()).toMatch(/^\/h\/[0-9a-f-]{36}$/));
    const id = currentPath().split('/')[2]!;
    return (await db.households.get(id))!;
  }

  it('shows the plaque and puts it on the new household when saved', async () => {
    const code = await blankPlaque();
    const details = await openAt(`/h/new?plaque=${code}`);
    expect(screen.getByText(`Biển QR: ${code}`)).toBeInTheDocument();
    expect(screen.getByText('Biển này sẽ được gắn cho hộ khi lưu.')).toBeInTheDocument();
    const household = await saveWithHead(details);
    expect(household.plaqueCode).toBe(code);
    expect(await db.plaques.where('code').equals(code).first()).toMatchObject({ status: 'assigned', householdId: household.id });
  });

  it('attaches a valid plaque this phone has not synced yet, by its code', async () => {
    const code = formatPlaqueCode({ prefix: 'DH', number: 777777 });
    const household = await saveWithHead(await openAt(`/h/new?plaque=${code.toLowerCase()}`));
    expect(household.plaqueCode).toBe(code);
  });

  it('registers without a plaque already on another household, and says so first', async () => {
    const code = await blankPlaque();
    const other = await registerHousehold(db, registration());
    await assignPlaque(db, code, other.id);
    const details = await openAt(`/h/new?plaque=${code}`);
    expect(await screen.findByText(/Biển này đã gắn cho một hộ khác\. .*Hộ sẽ được lưu mà không gắn biển này\./)).toBeInTheDocument();
    const registered = await saveWithHead(details);
    expect(registered.id).not.toBe(other.id);
    expect(registered.plaqueCode).toBe('');
    expect((await db.households.get(other.id))?.plaqueCode).toBe(code);
  });

  it('refuses a mistyped plaque code in the link', async () => {
    window.history.replaceState(null, '', '/h/new?plaque=DH-1243-4');
    render(<HouseholdFormScreen />);
    expect(screen.getByRole('alert')).toHaveTextContent('Mã biển trong đường dẫn không hợp lệ nên sẽ không được gắn.');
  });
});
