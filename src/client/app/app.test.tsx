import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database';
import { registration } from '../../../tests/support/fixtures';
import { openScreenDatabase } from '../../../tests/support/screens';
import type { GoCuaDatabase } from '../data/database';
import { registerHousehold } from '../data/households';
import { getMember, getWorkingVillageId } from '../data/meta';
import { navigate } from '../lib/router';
import { App } from './app';

let db: GoCuaDatabase | undefined;

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  localStorage.clear();
  // The shell warms the lazy screens when the phone is idle; here that would outlive the test file.
  vi.stubGlobal('requestIdleCallback', () => 0);
});

afterEach(() => {
  vi.unstubAllGlobals();
  db?.close();
});

describe('App', () => {
  it('asks a phone that has never been used to sign in, and says what is missing', async () => {
    db = await openTestDatabase(null);
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Đăng nhập' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect(await screen.findByText('Hãy nhập tên đăng nhập và mật khẩu.')).toBeInTheDocument();
    expect(await getMember(db)).toBeUndefined();
  });

  it('lets a member with no village yet add the first one and opens its empty list', async () => {
    db = await openTestDatabase();
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Chọn thôn làm việc' })).toBeInTheDocument();
    fireEvent.change(await screen.findByLabelText('Tên thôn / tổ dân phố'), { target: { value: 'Thôn Đông' } });
    fireEvent.change(screen.getByLabelText('Xã / phường / đặc khu'), { target: { value: 'Xã Minh Tân' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm và chọn thôn này' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Thôn Đông' })).toBeInTheDocument();
    expect(screen.getByText(/Thôn này chưa có hộ nào trên máy/)).toBeInTheDocument();
    expect(await getWorkingVillageId(db)).toBe((await db.villages.toArray())[0]?.id);
  });

  it('requires the village name and commune before adding a village', async () => {
    db = await openTestDatabase();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Thêm và chọn thôn này' }));
    expect(await screen.findAllByText('Vui lòng nhập mục này.')).toHaveLength(2);
    expect(await db.villages.count()).toBe(0);
  });

  it('opens a household from the list and comes back', async () => {
    db = await openScreenDatabase();
    const household = await registerHousehold(db, registration());
    render(<App />);
    fireEvent.click(await screen.findByRole('link', { name: /Nguyễn Văn An/ }));
    await waitFor(() => expect(window.location.pathname).toBe(`/h/${household.id}`));
    expect(await screen.findByRole('button', { name: 'Ghi lần thăm' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Quay lại' }));
    await waitFor(() => expect(window.location.pathname).toBe('/'));
    expect(await screen.findByRole('searchbox', { name: 'Tìm hộ' })).toBeInTheDocument();
  });

  it('opens a household with its records already read: its first frame is the household, not "loading"', async () => {
    db = await openScreenDatabase();
    const household = await registerHousehold(db, registration());
    render(<App />);
    const open = async () => {
      fireEvent.click(await screen.findByRole('link', { name: /Nguyễn Văn An/ }));
      await waitFor(() => expect(window.location.pathname).toBe(`/h/${household.id}`));
      await screen.findByRole('button', { name: 'Ghi lần thăm' });
    };
    // The first open also fetches the screen's code (a lazy chunk) and may say "Đang mở…" meanwhile.
    await open();
    fireEvent.click(screen.getByRole('button', { name: 'Quay lại' }));
    await screen.findByRole('searchbox', { name: 'Tìm hộ' });
    expect(document.body.textContent).not.toContain('Đang mở…');

    const frames: boolean[] = [];
    const observer = new MutationObserver(() => frames.push(document.body.textContent?.includes('Đang mở…') ?? false));
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    await open();
    observer.disconnect();
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter(Boolean)).toHaveLength(0);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Nguyễn Văn An');
  });

  it('says a page does not exist, with a way home', async () => {
    db = await openScreenDatabase();
    render(<App />);
    navigate('/no/such/page');
    expect(await screen.findByText('Không có trang này.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Về danh sách hộ' }));
    await waitFor(() => expect(window.location.pathname).toBe('/'));
  });
});
