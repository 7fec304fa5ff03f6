import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { member, registration } from '../../../../tests/support/fixtures';
import { openScreenDatabase } from '../../../../tests/support/screens';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
import { getMember } from '../../data/meta';
import { changeLanguage } from '../../lib/i18n';
import { SettingsScreen } from './settings-screen';

let db: GoCuaDatabase;

beforeEach(async () => {
  db = await openScreenDatabase();
});

afterEach(async () => {
  await changeLanguage('vi');
  db.close();
});

/** The value shown next to a label of the storage list. */
function valueOf(label: string): string {
  return screen.getByText(label).nextElementSibling?.textContent ?? '';
}

describe('SettingsScreen', () => {
  it('shows how many changes wait to be sent', async () => {
    await registerHousehold(db, registration({ members: [member()] }));
    render(<SettingsScreen />);
    await waitFor(() => expect(valueOf('Thay đổi chưa gửi')).toBe('3'));
  });

  it('counts new changes as they are made', async () => {
    render(<SettingsScreen />);
    await waitFor(() => expect(valueOf('Thay đổi chưa gửi')).toBe('0'));
    await registerHousehold(db, registration());
    await waitFor(() => expect(valueOf('Thay đổi chưa gửi')).toBe('2'));
  });

  it('switches the whole screen to English, and remembers it', async () => {
    render(<SettingsScreen />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Cài đặt' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Tiếng Việt' })).toHaveAttribute('aria-checked', 'true');
    fireEvent.click(screen.getByRole('radio', { name: 'English' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByText('Changes not yet sent')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'English' })).toHaveAttribute('aria-checked', 'true');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('go-cua.language')).toBe('en');
  });

  it('switches back to Vietnamese', async () => {
    await changeLanguage('en');
    render(<SettingsScreen />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Tiếng Việt' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Cài đặt' })).toBeInTheDocument();
  });

  it('shows the member’s name and saves a new one', async () => {
    render(<SettingsScreen />);
    const name = await screen.findByLabelText('Tên của bạn');
    await waitFor(() => expect(name).toHaveValue('Chị Lan'));
    fireEvent.change(name, { target: { value: '  Anh   Tuấn ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(async () => expect((await getMember(db))?.name).toBe('Anh Tuấn'));
  });

  it('does not save an empty member name', async () => {
    render(<SettingsScreen />);
    const name = await screen.findByLabelText('Tên của bạn');
    fireEvent.change(name, { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Vui lòng nhập mục này.')).toBeInTheDocument();
    expect((await getMember(db))?.name).toBe('Chị Lan');
  });
});
