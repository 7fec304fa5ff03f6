import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { member, registration } from '../../../../tests/support/fixtures';
import { openScreenDatabase } from '../../../../tests/support/screens';
import type { GoCuaDatabase } from '../../data/database';
import { registerHousehold } from '../../data/households';
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

  it('shows who is signed in and asks before signing out, mentioning unsent changes', async () => {
    await db.meta.put({
      key: 'session',
      value: {
        token: 't',
        expiresAt: '2099-01-01T00:00:00.000Z',
        user: { id: 'u1', username: 'chi.lan', displayName: 'Chị Lan', role: 'member', communeId: 'c1' },
        commune: { id: 'c1', name: 'Xã Minh Tân', provinceName: '' },
        team: {},
        expired: false,
      },
    });
    await db.outbox.add({ seq: 1, entity: 'village', id: '01933c50-0000-7000-8000-000000000001', op: 'delete', baseVersion: 0, fields: {}, editedAt: new Date().toISOString(), editedBy: 'u1' });
    render(<SettingsScreen />);
    expect(await screen.findByText(/Đang dùng: Chị Lan · chi.lan · Xã Minh Tân/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Tổ công nghệ số' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'In biển mã QR' })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Đăng xuất' }));
    expect(await screen.findByText(/Còn 1 thay đổi chưa gửi/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Huỷ' }));
    expect((await db.meta.get('session'))?.value).toBeTruthy();
  });

  it('gives a team leader the team and plaque printing, next to each other', async () => {
    await db.meta.put({
      key: 'session',
      value: {
        token: 't',
        expiresAt: '2099-01-01T00:00:00.000Z',
        user: { id: 'u2', username: 'to.truong', displayName: 'Anh Tổ', role: 'leader', communeId: 'c1' },
        commune: { id: 'c1', name: 'Xã Minh Tân', provinceName: '' },
        team: {},
        expired: false,
      },
    });
    render(<SettingsScreen />);
    expect(await screen.findByRole('link', { name: 'Tổ công nghệ số' })).toHaveAttribute('href', '/team');
    expect(screen.getByRole('link', { name: 'In biển mã QR' })).toHaveAttribute('href', '/plaques');
  });
});
